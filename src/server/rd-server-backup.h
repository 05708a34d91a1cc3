/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `ringdesk-server --data-dir DIR backup DEST` and `restore SRC` (docs/deploy.md). A backup
 * is a folder: every SQLite database of the data dir (*.db) copied by SQLite's online backup
 * API, each at one consistent point while the server goes on serving, then every other file
 * (recordings, the portal's photos and attachments, the mail folder), and backup.json that
 * lists them. It is written as DEST.partial and renamed at the end, so a DEST is whole. */

#define RD_BACKUP_ERROR (rd_backup_error_quark ())

typedef enum {
  RD_BACKUP_ERROR_EXISTS,    /* the backup's folder exists, or the data dir to restore into holds data */
  RD_BACKUP_ERROR_INVALID,   /* not a backup, or a database in it fails its integrity check */
  RD_BACKUP_ERROR_FAILED,    /* I/O or SQLite trouble */
} RdBackupError;

GQuark   rd_backup_error_quark (void);

/* Backs @data_dir up into @dest (which must not exist). *@n_databases and *@n_files (may be
 * NULL) count what was copied. */
gboolean rd_server_backup      (const char  *data_dir,
                                const char  *dest,
                                guint       *n_databases,
                                guint       *n_files,
                                GError     **error);

/* Restores the backup @source into @data_dir, which must hold no database (a new or empty
 * folder): each database is checked (PRAGMA integrity_check) before anything is written. */
gboolean rd_server_restore     (const char  *source,
                                const char  *data_dir,
                                guint       *n_databases,
                                guint       *n_files,
                                GError     **error);

G_END_DECLS
