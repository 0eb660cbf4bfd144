/* sw-table-card.c
 *
 * One table on the ERD: its name, then its columns with their keys, the
 * distribution column marked. The card is laid out at the size the engine's
 * layout gave its box; SwErdView places and scales it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-table-card"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-table-card.h"

#define N_GROUP_CLASSES 8

struct _SwTableCard
{
  GtkWidget     parent_instance;

  /* Owned */
  SwTable      *table;
  GPtrArray    *row_columns;   /* column name per row (borrowed from the table), NULL for "more" */
  char         *dist_column;

  /* Borrowed: children */
  GtkWidget    *header;
  GPtrArray    *rows;          /* GtkWidget */
  GtkWidget    *dist_badge;

  double        header_height;
  double        row_height;
  int           group;
  SwErdNodeKind kind;
};

G_DEFINE_FINAL_TYPE (SwTableCard, sw_table_card, GTK_TYPE_WIDGET)

static const char *kind_classes[] = {
  [SW_ERD_NODE_LOCAL] = "local",
  [SW_ERD_NODE_REFERENCE] = "reference",
  [SW_ERD_NODE_DISTRIBUTED] = "distributed",
  [SW_ERD_NODE_SINGLE_SHARD] = "single-shard",
  [SW_ERD_NODE_DISTRIBUTED_SCHEMA] = "distributed-schema",
};

static gboolean
strv_contains (const char * const *strv,
               const char         *name)
{
  return strv != NULL && g_strv_contains (strv, name);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class,
            float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
column_keys (SwTable    *table,
             const char *name)
{
  SwConstraint *pk = sw_table_get_primary_key (table);
  GPtrArray *fks = sw_table_get_foreign_keys (table);
  gboolean is_pk = pk != NULL && strv_contains (sw_constraint_get_columns (pk), name);
  gboolean is_fk = FALSE;

  for (guint i = 0; fks != NULL && i < fks->len && !is_fk; i++)
    is_fk = strv_contains (sw_foreign_key_get_columns (g_ptr_array_index (fks, i)), name);

  /* Translators: key markers on an ERD card: primary key, foreign key */
  if (is_pk && is_fk)
    return g_strdup (C_("erd key", "PK FK"));
  if (is_pk)
    return g_strdup (C_("erd key", "PK"));
  if (is_fk)
    return g_strdup (C_("erd key", "FK"));
  return g_strdup ("");
}

static void
build (SwTableCard              *self,
       const SwErdLayoutOptions *options)
{
  GPtrArray *columns = sw_table_get_columns (self->table);
  guint n = columns != NULL ? columns->len : 0;
  guint shown = MIN (n, options->max_rows);
  g_autofree char *tooltip = NULL;

  self->header_height = options->header_height;
  self->row_height = options->row_height;

  self->header = make_label (sw_table_get_qualified_name (self->table), "header", 0.0f);
  gtk_widget_set_size_request (self->header, -1, (int) options->header_height);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  for (guint i = 0; i < shown; i++)
    {
      SwColumn *column = g_ptr_array_index (columns, i);
      const char *name = sw_column_get_name (column);
      g_autofree char *keys = column_keys (self->table, name);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name_label = make_label (name, "name", 0.0f);

      gtk_widget_add_css_class (row, "column");
      gtk_widget_set_size_request (row, -1, (int) options->row_height);
      gtk_box_append (GTK_BOX (row), make_label (keys, "keys", 0.0f));
      gtk_widget_set_hexpand (name_label, TRUE);
      gtk_box_append (GTK_BOX (row), name_label);
      gtk_box_append (GTK_BOX (row), make_label (sw_column_get_type_name (column), "type", 1.0f));
      gtk_widget_set_parent (row, GTK_WIDGET (self));

      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->row_columns, (gpointer) name);
    }

  if (n > shown)
    {
      /* Translators: the last row of a card that cannot show all columns */
      g_autofree char *more = g_strdup_printf (ngettext ("%u more column", "%u more columns",
                                                         n - shown),
                                               n - shown);
      GtkWidget *row = make_label (more, "more", 0.0f);

      gtk_widget_set_size_request (row, -1, (int) options->row_height);
      gtk_widget_set_parent (row, GTK_WIDGET (self));
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->row_columns, NULL);
    }

  if (sw_table_get_comment (self->table) != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), sw_table_get_comment (self->table));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sw_table_get_qualified_name (self->table),
                                  -1);
}

static void
sw_table_card_dispose (GObject *object)
{
  SwTableCard *self = SW_TABLE_CARD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->table);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_columns, g_ptr_array_unref);
  g_clear_pointer (&self->dist_column, g_free);

  G_OBJECT_CLASS (sw_table_card_parent_class)->dispose (object);
}

static void
sw_table_card_class_init (SwTableCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_table_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tablecard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sw_table_card_init (SwTableCard *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->rows = g_ptr_array_new ();
  self->row_columns = g_ptr_array_new ();
  self->group = -1;
  self->kind = SW_ERD_NODE_LOCAL;
  gtk_widget_add_css_class (GTK_WIDGET (self), "local");
}

/**
 * sw_table_card_new:
 * @table: the table
 * @options: the sizes the layout used
 *
 * Returns: (transfer floating): a new card
 */
SwTableCard *
sw_table_card_new (SwTable                  *table,
                   const SwErdLayoutOptions *options)
{
  SwTableCard *self;

  g_return_val_if_fail (SW_IS_TABLE (table), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (SW_TYPE_TABLE_CARD, NULL);
  self->table = g_object_ref (table);
  build (self, options);

  return self;
}

SwTable *
sw_table_card_get_table (SwTableCard *self)
{
  g_return_val_if_fail (SW_IS_TABLE_CARD (self), NULL);

  return self->table;
}

/**
 * sw_table_card_set_decision:
 * @self: a #SwTableCard
 * @kind: the table's kind in the plan
 * @group: its colocation group, or -1
 * @dist_column: (nullable): its distribution column
 *
 * Colours the card (style.css: one class per kind and per group) and marks
 * the distribution column.
 */
void
sw_table_card_set_decision (SwTableCard   *self,
                            SwErdNodeKind  kind,
                            int            group,
                            const char    *dist_column)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (SW_IS_TABLE_CARD (self));

  if (self->kind != kind)
    {
      gtk_widget_remove_css_class (widget, kind_classes[self->kind]);
      gtk_widget_add_css_class (widget, kind_classes[kind]);
      self->kind = kind;
    }

  if (self->group != group)
    {
      if (self->group >= 0)
        {
          g_autofree char *old = g_strdup_printf ("group-%d", self->group % N_GROUP_CLASSES);

          gtk_widget_remove_css_class (widget, old);
        }
      if (group >= 0)
        {
          g_autofree char *css = g_strdup_printf ("group-%d", group % N_GROUP_CLASSES);

          gtk_widget_add_css_class (widget, css);
        }
      self->group = group;
    }

  if (g_strcmp0 (self->dist_column, dist_column) != 0)
    {
      g_free (self->dist_column);
      self->dist_column = g_strdup (dist_column);

      for (guint i = 0; i < self->rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (self->rows, i);
          const char *name = g_ptr_array_index (self->row_columns, i);

          if (name != NULL && g_strcmp0 (name, dist_column) == 0)
            {
              gtk_widget_add_css_class (row, "distribution");
              /* Translators: tooltip of the distribution column on an ERD card */
              gtk_widget_set_tooltip_text (row, _("Distribution column"));
            }
          else
            {
              gtk_widget_remove_css_class (row, "distribution");
              gtk_widget_set_tooltip_text (row, NULL);
            }
        }
    }
}

void
sw_table_card_set_selected (SwTableCard *self,
                            gboolean     selected)
{
  g_return_if_fail (SW_IS_TABLE_CARD (self));

  if (selected)
    gtk_widget_add_css_class (GTK_WIDGET (self), "selected");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "selected");
}

void
sw_table_card_set_dimmed (SwTableCard *self,
                          gboolean     dimmed)
{
  g_return_if_fail (SW_IS_TABLE_CARD (self));

  if (dimmed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dimmed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dimmed");
}

void
sw_table_card_set_drop_target (SwTableCard *self,
                               gboolean     target)
{
  g_return_if_fail (SW_IS_TABLE_CARD (self));

  if (target)
    gtk_widget_add_css_class (GTK_WIDGET (self), "drop-target");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
}

/**
 * sw_table_card_column_at:
 * @self: a #SwTableCard
 * @y: a y in the card's own (unscaled) coordinates
 *
 * Returns: (nullable): the column whose row is at @y, or %NULL
 */
const char *
sw_table_card_column_at (SwTableCard *self,
                         double       y)
{
  int row;

  g_return_val_if_fail (SW_IS_TABLE_CARD (self), NULL);

  if (y < self->header_height)
    return NULL;
  row = (int) ((y - self->header_height) / self->row_height);
  if (row < 0 || row >= (int) self->row_columns->len)
    return NULL;
  return g_ptr_array_index (self->row_columns, row);
}

/**
 * sw_table_card_is_header:
 * @self: a #SwTableCard
 * @y: a y in the card's own coordinates
 *
 * Returns: whether @y falls on the card's title
 */
gboolean
sw_table_card_is_header (SwTableCard *self,
                         double       y)
{
  g_return_val_if_fail (SW_IS_TABLE_CARD (self), FALSE);

  return y >= 0 && y < self->header_height;
}
