/* bench-recommend.c
 *
 * The advisor's speed target (issue 4: recommend for a 10,000-table schema
 * in under 1 s), measured, never asserted. Per round, best of ROUNDS:
 *  - read: the schema file through the SQL reader;
 *  - recommend: sw_advisor_recommend() on the model already read (the
 *    advisor validates its own plan through the Citus simulation, so this
 *    includes one or more validator runs);
 *  - read + recommend: the two together, what `shardwise-cli recommend`
 *    spends before it prints;
 *  - check: sw_validate_plan_full() of the recommended plan with the schema
 *    SQL, what `shardwise-cli check` runs;
 *  - export: sw_migration_new() and the migration, rollback and verify
 *    scripts, what `shardwise-cli export` writes (its validator gate is the
 *    `check` figure again).
 * Wall-clock and CPU time are both given: the machine may be shared.
 *
 * Usage: bench-recommend SCHEMA.sql [ROUNDS]   (bench/recommend makes SCHEMA.sql)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sw-engine.h"

typedef struct
{
  gint64 wall;   /* µs */
  gint64 cpu;    /* µs */
} Stamp;

typedef struct
{
  const char *name;
  gint64      best_wall;
  gint64      best_cpu;
} Figure;

static Stamp
now (void)
{
  struct timespec ts;
  Stamp stamp;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  stamp.cpu = (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  stamp.wall = g_get_monotonic_time ();
  return stamp;
}

static void
record (Figure *figure,
        Stamp   from,
        Stamp   to)
{
  figure->best_wall = MIN (figure->best_wall, to.wall - from.wall);
  figure->best_cpu = MIN (figure->best_cpu, to.cpu - from.cpu);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  guint rounds = argc > 2 ? (guint)atoi (argv[2]) : 3;
  guint n_tables = 0, n_distributed = 0, n_reference = 0, n_local = 0;
  guint n_errors = 0, n_steps = 0;
  Figure figures[] = {
    { "read", G_MAXINT64, G_MAXINT64 },
    { "recommend", G_MAXINT64, G_MAXINT64 },
    { "read + recommend", G_MAXINT64, G_MAXINT64 },
    { "check", G_MAXINT64, G_MAXINT64 },
    { "export", G_MAXINT64, G_MAXINT64 },
  };

  if (argc < 2 || rounds == 0)
    {
      fprintf (stderr, "Usage: %s SCHEMA.sql [ROUNDS]\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &text, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
      g_autoptr(SwSchema) schema = NULL;
      g_autoptr(SwAdvisor) advisor = NULL;
      g_autoptr(SwPlan) plan = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(SwMigration) migration = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *rollback = NULL;
      g_autofree char *verify = NULL;
      SwValidatorOptions options;
      Stamp t0, t1, t2, t3, t4;

      t0 = now ();
      schema = sw_sql_reader_load_string (reader, text, argv[1], &error);
      if (schema == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      t1 = now ();
      advisor = sw_advisor_new (schema);
      plan = sw_advisor_recommend (advisor, NULL, &error);
      if (plan == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      t2 = now ();
      record (&figures[0], t0, t1);
      record (&figures[1], t1, t2);
      record (&figures[2], t0, t2);

      sw_validator_options_init_from_schema (&options, schema);
      diagnostics = sw_validate_plan_full (schema, text, plan, SW_MIGRATION_FLAGS_NONE, &options);
      t3 = now ();
      record (&figures[3], t2, t3);

      migration = sw_migration_new (schema, plan, &error);
      if (migration == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      sql = sw_migration_to_sql (migration);
      rollback = sw_migration_to_rollback_sql (migration);
      verify = sw_migration_to_verify_sql (migration);
      t4 = now ();
      record (&figures[4], t3, t4);

      if (round == 0)
        {
          GPtrArray *tables = sw_plan_get_tables (plan);

          n_tables = sw_schema_get_n_tables (schema);
          for (guint i = 0; i < tables->len; i++)
            {
              SwPlanTable *pt = g_ptr_array_index (tables, i);

              if (pt->kind == SW_PLAN_KIND_DISTRIBUTED)
                n_distributed++;
              else if (pt->kind == SW_PLAN_KIND_REFERENCE)
                n_reference++;
              else
                n_local++;
            }
          n_errors = sw_diagnostics_count_errors (diagnostics);
          n_steps = sw_migration_get_n_steps (migration);
        }
    }

  printf ("schema: %s, %u tables, %.1f MB of SQL\n", argv[1], n_tables, length / 1e6);
  printf ("plan: %u distributed, %u reference, %u other; check: %u errors; export: %u steps\n",
          n_distributed, n_reference, n_local, n_errors, n_steps);
  printf ("best of %u rounds          wall        cpu\n", rounds);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    printf ("  %-20s %8.3f s %8.3f s%s\n", figures[i].name,
            figures[i].best_wall / 1e6, figures[i].best_cpu / 1e6,
            i == 1 ? "   (target: under 1 s at 10,000 tables)" : "");
  return 0;
}
