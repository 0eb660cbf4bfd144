/* sw-cluster-map.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_CLUSTER_MAP (sw_cluster_map_get_type ())

G_DECLARE_FINAL_TYPE (SwClusterMap, sw_cluster_map, SW, CLUSTER_MAP, GtkWidget)

GtkWidget  *sw_cluster_map_new              (void);
void        sw_cluster_map_set_nodes        (SwClusterMap       *self,
                                             const char * const *names);
guint       sw_cluster_map_get_n_nodes      (SwClusterMap       *self);
const char *sw_cluster_map_get_node_name    (SwClusterMap       *self,
                                             guint               node);
void        sw_cluster_map_set_shards       (SwClusterMap       *self,
                                             const char         *table,
                                             guint               shard_count,
                                             const guint        *node_of_shard);
void        sw_cluster_map_set_hits         (SwClusterMap       *self,
                                             const int          *shards,
                                             guint               n_shards,
                                             gboolean            coordinator);
gboolean    sw_cluster_map_is_shard_hit     (SwClusterMap       *self,
                                             guint               shard);
gboolean    sw_cluster_map_is_node_hit      (SwClusterMap       *self,
                                             guint               node);
guint       sw_cluster_map_get_n_hit_nodes  (SwClusterMap       *self);

G_END_DECLS
