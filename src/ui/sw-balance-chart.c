/* sw-balance-chart.c
 *
 * A bar per shard: how much of a distributed table each shard would hold,
 * with the mean drawn across, so a hot shard stands out at a glance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-balance-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-balance-chart.h"

/* A shard this much above the mean is drawn as a warning: past that point
 * its worker does noticeably more of every multi-shard query's work.
 */
#define HOT_SHARD_RATIO 1.5

struct _SwBalanceChart
{
  GtkWidget  parent_instance;

  GArray    *values;  /* of double */
  double     mean;
  double     max;
  gboolean   predicted;
};

G_DEFINE_FINAL_TYPE (SwBalanceChart, sw_balance_chart, GTK_TYPE_WIDGET)

static void
sw_balance_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SwBalanceChart *self = SW_BALANCE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (64, self->values->len * 2);
      *natural = MAX (320, self->values->len * 12);
    }
  else
    {
      *minimum = 96;
      *natural = 160;
    }
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
sw_balance_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SwBalanceChart *self = SW_BALANCE_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  guint n = self->values->len;
  GdkRGBA accent, warning, fg, axis;
  float slot, gap, mean_y;
  float top = 0;

  if (n == 0 || self->max <= 0)
    return;

  lookup_color (widget, "accent_bg_color", &accent, "#3584e4");
  lookup_color (widget, "warning_bg_color", &warning, "#e5a50a");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  axis = fg;
  axis.alpha = 0.25f;

  slot = width / n;
  gap = slot > 6 ? MIN (slot * 0.2f, 4.0f) : 0;

  /* A prediction says so above the bars, where no bar can hide it. */
  if (self->predicted)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, _("Predicted from statistics"));
      PangoAttrList *attrs = pango_attr_list_new ();
      int th;

      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_get_pixel_size (layout, NULL, &th);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (4, 0));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);

      top = MIN (th + 6, height / 2);
    }

  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->values, double, i);
      float bar = (float) (value / self->max) * (height - 1 - top);
      gboolean hot = self->mean > 0 && value > self->mean * HOT_SHARD_RATIO;
      graphene_rect_t rect = GRAPHENE_RECT_INIT (i * slot + gap / 2, height - 1 - bar, MAX (slot - gap, 1), bar);
      GskRoundedRect rounded;

      gsk_rounded_rect_init (&rounded, &rect,
                             &GRAPHENE_SIZE_INIT (2, 2), &GRAPHENE_SIZE_INIT (2, 2),
                             &GRAPHENE_SIZE_INIT (0, 0), &GRAPHENE_SIZE_INIT (0, 0));
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      if (self->predicted)
        {
          /* A prediction is drawn lighter, with a solid top: not measured. */
          GdkRGBA light = hot ? warning : accent;

          light.alpha *= 0.45f;
          gtk_snapshot_append_color (snapshot, &light, &rect);
          gtk_snapshot_append_color (snapshot, hot ? &warning : &accent,
                                     &GRAPHENE_RECT_INIT (rect.origin.x, rect.origin.y, rect.size.width,
                                                          MIN (2, rect.size.height)));
        }
      else
        gtk_snapshot_append_color (snapshot, hot ? &warning : &accent, &rect);
      gtk_snapshot_pop (snapshot);
    }

  /* The baseline and the mean. */
  gtk_snapshot_append_color (snapshot, &axis, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
  mean_y = height - 1 - (float) (self->mean / self->max) * (height - 1 - top);
  for (float x = 0; x < width; x += 8)
    gtk_snapshot_append_color (snapshot, &fg, &GRAPHENE_RECT_INIT (x, mean_y, MIN (4, width - x), 1));

}

static gboolean
sw_balance_chart_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  SwBalanceChart *self = SW_BALANCE_CHART (widget);
  g_autofree char *text = NULL;
  guint n = self->values->len;
  guint shard;
  double value;

  if (n == 0)
    return FALSE;

  shard = MIN (n - 1, (guint) (x / ((double) gtk_widget_get_width (widget) / n)));
  value = g_array_index (self->values, double, shard);
  text = g_strdup_printf (_("Shard %u: %.1f%% of the rows (%.2f× the mean)"),
                          shard, self->mean > 0 ? 100.0 * value / (self->mean * n) : 0.0,
                          self->mean > 0 ? value / self->mean : 0.0);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
sw_balance_chart_finalize (GObject *object)
{
  SwBalanceChart *self = SW_BALANCE_CHART (object);

  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (sw_balance_chart_parent_class)->finalize (object);
}

static void
sw_balance_chart_class_init (SwBalanceChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sw_balance_chart_finalize;
  widget_class->measure = sw_balance_chart_measure;
  widget_class->snapshot = sw_balance_chart_snapshot;
  widget_class->query_tooltip = sw_balance_chart_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "balancechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sw_balance_chart_init (SwBalanceChart *self)
{
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sw_balance_chart_new (void)
{
  return g_object_new (SW_TYPE_BALANCE_CHART, NULL);
}

/**
 * sw_balance_chart_set_values:
 * @self: a #SwBalanceChart
 * @values: (array length=n_values) (nullable): the share of each shard, in any
 *   unit (rows, bytes, fractions)
 * @n_values: the shard count
 */
void
sw_balance_chart_set_values (SwBalanceChart *self,
                             const double   *values,
                             guint           n_values)
{
  g_autofree char *description = NULL;
  double sum = 0;

  g_return_if_fail (SW_IS_BALANCE_CHART (self));

  g_array_set_size (self->values, 0);
  self->max = 0;
  for (guint i = 0; i < n_values; i++)
    {
      double value = MAX (values[i], 0.0);

      g_array_append_val (self->values, value);
      self->max = MAX (self->max, value);
      sum += value;
    }
  self->mean = n_values > 0 ? sum / n_values : 0;

  description = g_strdup_printf (_("%u shards; the largest holds %.2f times the mean"),
                                 n_values, sw_balance_chart_get_skew (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * sw_balance_chart_set_predicted:
 * @self: a #SwBalanceChart
 * @predicted: whether the values are a prediction (from statistics) rather
 *   than measured on the cluster
 *
 * A prediction is drawn lighter and says so on the chart.
 */
void
sw_balance_chart_set_predicted (SwBalanceChart *self,
                                gboolean        predicted)
{
  g_return_if_fail (SW_IS_BALANCE_CHART (self));

  predicted = !!predicted;
  if (self->predicted == predicted)
    return;
  self->predicted = predicted;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sw_balance_chart_get_predicted (SwBalanceChart *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_CHART (self), FALSE);

  return self->predicted;
}

guint
sw_balance_chart_get_n_values (SwBalanceChart *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_CHART (self), 0);

  return self->values->len;
}

double
sw_balance_chart_get_mean (SwBalanceChart *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_CHART (self), 0);

  return self->mean;
}

double
sw_balance_chart_get_max (SwBalanceChart *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_CHART (self), 0);

  return self->max;
}

/**
 * sw_balance_chart_get_skew:
 * @self: a #SwBalanceChart
 *
 * Returns: the largest shard over the mean: 1 is perfectly even
 */
double
sw_balance_chart_get_skew (SwBalanceChart *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_CHART (self), 0);

  return self->mean > 0 ? self->max / self->mean : 0;
}
