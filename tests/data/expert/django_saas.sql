-- A Django project-management app (the models of the django-multitenant
-- example: Country, Account, Manager, Project, Task, SubTask), as
-- `manage.py sqlmigrate` writes it: serial ids, one-column primary keys,
-- deferrable foreign keys added after the tables, an index per FK.
BEGIN;
CREATE TABLE "projects_country" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL UNIQUE);
CREATE TABLE "projects_account" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "domain" varchar(255) NOT NULL, "subdomain" varchar(255) NOT NULL, "country_id" integer NOT NULL);
CREATE TABLE "projects_manager" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "account_id" integer NOT NULL);
CREATE TABLE "projects_project" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "account_id" integer NOT NULL);
CREATE TABLE "projects_projectmanager" ("id" serial NOT NULL PRIMARY KEY, "account_id" integer NOT NULL, "manager_id" integer NOT NULL, "project_id" integer NOT NULL);
CREATE TABLE "projects_task" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "account_id" integer NOT NULL, "project_id" integer NOT NULL, "created" timestamp with time zone NOT NULL);
CREATE TABLE "projects_subtask" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "done" boolean NOT NULL, "task_id" integer NOT NULL);
ALTER TABLE "projects_account" ADD CONSTRAINT "projects_account_country_id_7f0a8f2b_fk_projects_country_id" FOREIGN KEY ("country_id") REFERENCES "projects_country" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "projects_account_country_id_7f0a8f2b" ON "projects_account" ("country_id");
ALTER TABLE "projects_manager" ADD CONSTRAINT "projects_manager_account_id_3c2bd2d1_fk_projects_account_id" FOREIGN KEY ("account_id") REFERENCES "projects_account" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "projects_manager_account_id_3c2bd2d1" ON "projects_manager" ("account_id");
ALTER TABLE "projects_project" ADD CONSTRAINT "projects_project_account_id_9a1b7e0c_fk_projects_account_id" FOREIGN KEY ("account_id") REFERENCES "projects_account" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "projects_project_account_id_9a1b7e0c" ON "projects_project" ("account_id");
ALTER TABLE "projects_projectmanager" ADD CONSTRAINT "projects_projectmanager_account_id_11aa20e4_fk_projects_account_id" FOREIGN KEY ("account_id") REFERENCES "projects_account" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "projects_projectmanager" ADD CONSTRAINT "projects_projectmanager_manager_id_58c1d1a2_fk_projects_manager_id" FOREIGN KEY ("manager_id") REFERENCES "projects_manager" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "projects_projectmanager" ADD CONSTRAINT "projects_projectmanager_project_id_0d9c7b5e_fk_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects_project" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "projects_task" ADD CONSTRAINT "projects_task_account_id_6e1f2c39_fk_projects_account_id" FOREIGN KEY ("account_id") REFERENCES "projects_account" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "projects_task" ADD CONSTRAINT "projects_task_project_id_4b7d9a10_fk_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects_project" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "projects_task_project_id_4b7d9a10" ON "projects_task" ("project_id");
ALTER TABLE "projects_subtask" ADD CONSTRAINT "projects_subtask_task_id_2f5e8c77_fk_projects_task_id" FOREIGN KEY ("task_id") REFERENCES "projects_task" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "projects_subtask_task_id_2f5e8c77" ON "projects_subtask" ("task_id");
COMMIT;
