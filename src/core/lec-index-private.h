/* lec-index-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "lec-index.h"
#include "lec-link-table.h"
#include "lec-note-info.h"

G_BEGIN_DECLS

/* What the index's files share, and only they include: LecIndex itself,
 * the rows a parse worker hands the writer, the resolver, and the
 * functions one file gives the others. A connection is used by one
 * thread at a time (see lec-index.c). */

/* Raised when what is stored changes, the tables or what a note's rows
 * hold: 12 reads a fence labelled markdown as the note's text, 13 keeps
 * where a note's boilerplate opening ends. (The schema in lec-index.c
 * says it too.) */
#define LEC_INDEX_SCHEMA_VERSION 14

typedef struct _Resolver Resolver;
typedef struct _Topics Topics;

struct _LecIndex
{
  GObject    parent_instance;

  GFile     *root;
  char      *db_path;
  sqlite3   *db;
  char      *notice;
  GPtrArray *problems;
  GPtrArray *attachments;  /* as the last update found them */
  GPtrArray *folders;
  sqlite3_stmt *search;    /* prepared at the first search, kept */
  GArray     *row_sizes;   /* guint32 tokens per full-text row, by rowid */
  struct _Resolver *resolver;  /* kept while no note's name changes */
  struct _Topics   *topics;    /* the topic counts, kept from the first listing */
  GHashTable *sort_keys;   /* title → lec_note_info_make_sort_key() of it */
  int         failed_rc;   /* the SQLite result of the last write that failed */
  gboolean    damaged;     /* damage was seen: the next update rebuilds */
  gboolean    in_memory;   /* the file could not be written (see keep_in_memory()) */
  gboolean    settled;     /* no memory map until the next update (lec_index_settle()) */
  gint64      save_after;  /* in memory: when to try the file again (monotonic) */
};

/* lec-index.c: the connection, the file's life and its damage */
gboolean      _lec_index_sql_error          (LecIndex      *self,
                                             GError       **error);
gboolean      _lec_index_exec               (LecIndex      *self,
                                             const char    *sql,
                                             GError       **error);
sqlite3_stmt *_lec_index_prepare            (LecIndex      *self,
                                             const char    *sql);
gboolean      _lec_index_step_done          (LecIndex      *self,
                                             sqlite3_stmt  *stmt,
                                             GError       **error);
gint64        _lec_index_data_version       (LecIndex      *self);
GBytes       *_lec_index_deflate_text       (const char    *text);
gboolean      _lec_index_write_collation    (sqlite3       *db);
gboolean      _lec_index_begin_build        (LecIndex      *self,
                                             sqlite3      **live,
                                             GError       **error);
gboolean      _lec_index_create_indexes     (LecIndex      *self,
                                             GError       **error);
gboolean      _lec_index_end_build          (LecIndex      *self,
                                             sqlite3       *live,
                                             gboolean       ok,
                                             GError       **error);
gboolean      _lec_index_before_update      (LecIndex      *self,
                                             GError       **error);
gboolean      _lec_index_recover            (LecIndex      *self,
                                             GError       **failure,
                                             GError       **error);

/* lec-index-parse.c: a note as a parse worker hands it to the writer */

/* A note file an update reads: new, or changed since the index read it. */
typedef struct
{
  char     *path;
  char     *abs_path;
  guint64   size;
  gint64    mtime;
  guint64   inode;
  gboolean  indexed;  /* an older version is in the index */
} FileState;

/* A link as the links table stores it. */
typedef struct
{
  char     *target;
  char     *heading;
  char     *slug;    /* NULL when it equals the target */
  gboolean  embed;
  gboolean  odd;     /* the target has a "/" or a byte outside ASCII */
} LinkRow;

/* What a worker hands the writer: a note already reduced to the rows it
 * becomes. The parsed note itself (its whole cmark tree) is freed by the
 * worker that made it: freed on the writer thread, its thousands of
 * blocks made the threads queue on each other's malloc arenas. */
typedef struct
{
  FileState *state;
  gboolean   parsed;
  gboolean   denied;         /* not readable now: an older version is kept */
  char      *title;
  char      *sort_key;       /* lec_note_info_make_sort_key (title) */
  char      *video_id;
  char      *channel;
  char     **aliases;
  char     **tags;
  char      *aliases_text;
  char      *tags_text;
  char      *headings_text;
  char      *body;           /* the plain text, for the full-text index */
  GBytes    *body_z;         /* the same, deflated, for snippets */
  GBytes    *timestamps;
  guint      lead;           /* lec_note_get_lead_tokens () */
  guint      words;
  GArray    *links;          /* LinkRow */
  GArray    *videos;         /* LecVideoTitle */
  GPtrArray *problems;       /* "path: message" */
} Parsed;

void    _lec_index_file_state_free (FileState *fs);
void    _lec_index_link_row_clear  (LinkRow   *l);
Parsed *_lec_index_parse_note      (FileState *fs);
void    _lec_index_parsed_free     (Parsed    *p);

/* lec-index-write.c: the writer's statements */
/* The writer's statements, prepared for one update. */
typedef struct
{
  sqlite3_stmt *deletes[8];
  sqlite3_stmt *insert_note;
  sqlite3_stmt *insert_sort_key;
  sqlite3_stmt *insert_link;
  sqlite3_stmt *insert_alias;
  sqlite3_stmt *insert_tag;
  sqlite3_stmt *insert_video;
  sqlite3_stmt *insert_text;
  sqlite3_stmt *insert_fts;
  sqlite3_stmt *old_note;
  sqlite3_stmt *old_aliases;
  GArray       *held_links;  /* HeldLink; in a first build only */
} Statements;

void     _lec_index_statements_prepare_deletes (LecIndex      *self,
                                                Statements    *st);
void     _lec_index_statements_prepare_inserts (LecIndex      *self,
                                                Statements    *st,
                                                gboolean       fresh);
void     _lec_index_statements_clear           (Statements    *st);
gboolean _lec_index_delete_note                (LecIndex      *self,
                                                sqlite3_stmt **stmts,
                                                const char    *path,
                                                GError       **error);
gboolean _lec_index_insert_note                (LecIndex      *self,
                                                Statements    *st,
                                                Parsed        *p,
                                                gint64         keep_id,
                                                gint64        *out_id,
                                                GError       **error);
gint64   _lec_index_note_id                    (Statements    *st,
                                                const char    *path,
                                                const char    *title,
                                                gboolean      *same_title);
gint64   _lec_index_old_note                   (Statements    *st,
                                                Parsed        *p,
                                                gboolean      *same_names);
gboolean _lec_index_write_held_links           (LecIndex      *self,
                                                GArray        *held,
                                                GPtrArray     *attachments,
                                                GError       **error);
gboolean _lec_index_write_attachments          (LecIndex      *self,
                                                GPtrArray     *attachments,
                                                GError       **error);

/* lec-index-resolver.c: the notes' entries and where links lead */
/* How links resolve against the notes the index holds now: the notes'
 * paths, titles and aliases, and the attachments. Kept from one update
 * to the next and changed note by note as notes are written and removed
 * (remade when the attachments change, or another connection wrote). */
typedef struct
{
  gint64       id;
  LecNoteInfo *info;
} Known;

struct _Resolver
{
  gint64        data_version; /* of the connection, when made */
  GPtrArray    *attachments;
  LecLinkTable *table;        /* made at the first resolution */
  GHashTable   *by_id;        /* gint64 * in Known → Known */
  GHashTable   *by_path;      /* path → Known */
  GPtrArray    *sorted;       /* the entries in list order, made when asked for */
};

void          _lec_index_known_free            (Known              *k);
gboolean      _lec_index_sort_keys_current     (LecIndex           *self);
gboolean      _lec_index_write_sort_keys       (LecIndex           *self,
                                                GError            **error);
LecNoteInfo  *_lec_index_note_info_new         (LecIndex           *self,
                                                const char         *path,
                                                const char         *title,
                                                const char         *video_id,
                                                const char         *channel,
                                                const char         *stored);
GPtrArray    *_lec_index_load_notes            (LecIndex           *self,
                                                GArray             *ids);
void          _lec_index_resolver_free         (Resolver           *r);
void          _lec_index_resolver_remove       (Resolver           *r,
                                                gint64              id);
void          _lec_index_resolver_put          (Resolver           *r,
                                                gint64              id,
                                                LecNoteInfo        *info);
GPtrArray    *_lec_index_resolver_sorted       (Resolver           *r);
LecLinkTable *_lec_index_resolver_table        (Resolver           *r);
gint64        _lec_index_resolver_lookup       (Resolver           *r,
                                                const char         *target,
                                                const char         *from_path);
Resolver     *_lec_index_ensure_resolver       (LecIndex           *self,
                                                GPtrArray          *attachments);
void          _lec_index_resolver_keep         (LecIndex           *self,
                                                Resolver           *r);
gboolean      _lec_index_resolve_links         (LecIndex           *self,
                                                gboolean            remake,
                                                GPtrArray          *attachments,
                                                GError            **error);
gboolean      _lec_index_resolve_links_of      (LecIndex           *self,
                                                GArray             *ids,
                                                GPtrArray          *attachments,
                                                GError            **error);
gboolean      _lec_index_resolve_after_removal (LecIndex           *self,
                                                GArray             *removed,
                                                GArray             *written,
                                                GPtrArray          *attachments,
                                                GError            **error);
gboolean      _lec_index_add_name_keys         (GPtrArray          *keys,
                                                const char         *path,
                                                const char         *title,
                                                const char * const *aliases);
gboolean      _lec_index_resolve_after_names   (LecIndex           *self,
                                                GArray             *moved,
                                                GPtrArray          *keys,
                                                GArray             *written,
                                                GPtrArray          *attachments,
                                                GError            **error);

/* lec-index-topics.c: the topic counts an update keeps up to date */
void _lec_index_topics_free         (Topics   *t);
void _lec_index_topics_begin_update (LecIndex *self,
                                     gboolean  fresh);
void _lec_index_topics_changed      (LecIndex *self,
                                     gint64    id);
void _lec_index_topics_end_update   (LecIndex *self,
                                     gboolean  ok);

G_END_DECLS
