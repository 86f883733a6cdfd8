/* test-index.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"
#include "lec-error.h"
#include "lec-index.h"
#include "lec-link-table.h"
#include "lec-note.h"
#include "lec-note-info.h"
#include "lec-slug.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef struct
{
  char  *dir;
  char  *cache;
  GFile *root;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("lectern-index-XXXXXX", NULL);
  f->cache = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);
  f->root = g_file_new_for_path (f->dir);

  test_write_file (f->dir, "Physics/Physics.md",
              "---\ntitle: Physics\n---\n### [Optics Basics](https://www.youtube.com/watch?v=vidOptics01)\n"
              "- [[refraction | Refraction]]\n");
  test_write_file (f->dir, "Physics/refraction.md",
              "---\ntitle: Refraction of light\nvideoId: vidOptics01\naliases: [Bending light]\n---\n"
              "From: [[Physics]] <br/>\nLight slows in glass <a class=\"yt-timestamp\" data-t=\"00:01:00\">[00:01:00]</a>. "
              "A prism splits colours <a class=\"yt-timestamp\" data-t=\"00:02:00\">[00:02:00]</a>. "
              "Snell worked out the law of angles.\n\n## Lenses\n\nA lens focuses [[Total Internal Reflection]] and [[unknown_topic]].\n");
  test_write_file (f->dir, "Physics/total_internal_reflection.md",
              "---\ntitle: Total internal reflection\nvideoId: vidOptics01\n---\nFrom: [[Physics]]\nFibres carry light "
              "by [[refraction]] at the café window.\n");
  test_write_file (f->dir, "Other/prism.md",
              "---\ntitle: Notes about glass\n---\nThe word prism appears only here in the body of a note about glass.\n");
  test_write_file (f->dir, "Other/Prism Title.md",
              "---\ntitle: Prism\n---\nShort note whose title matches.\n");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_remove_tree (f->dir);
  test_remove_tree (f->cache);
  g_free (f->dir);
  g_free (f->cache);
  g_object_unref (f->root);
}

static LecIndex *
open_updated (Fixture       *f,
              LecIndexStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);

  g_assert_no_error (error);
  g_assert_true (lec_index_update (index, NULL, NULL, stats, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&index);
}

static GPtrArray *
search (LecIndex   *index,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = lec_index_search (index, query, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* Each hit's rank is what FTS5's own bm25() says of its note, with the
 * same weights. */
static void
assert_ranks_are_bm25 (LecIndex   *index,
                       const char *query)
{
  g_autoptr(GPtrArray) hits = search (index, query);
  g_autofree char *match = lec_index_build_query (query);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (hits->len, >, 0);
  g_assert_cmpint (sqlite3_open_v2 (lec_index_get_db_path (index), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT bm25 (fts, 10.0, 6.0, 4.0, 3.0, 1.0) FROM fts"
                                           " JOIN notes n ON n.id = fts.rowid WHERE fts MATCH ?1 AND n.path = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < hits->len; i++)
    {
      LecSearchHit *hit = hits->pdata[i];
      double bm25;

      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, hit->path, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      bm25 = sqlite3_column_double (stmt, 0);
      g_assert_cmpfloat (fabs (hit->rank - bm25), <=, 1e-9 * MAX (1.0, fabs (bm25)));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Reopened, the index gives what its last update left before it looks
 * at the disk: the notes, and links resolving with the attachments then
 * found. The update after it goes on from there: a picture added since
 * resolves, one removed no longer does. A first build has no last state. */
static void
test_last_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *added = g_build_filename (f->dir, "Physics", "added.png", NULL);
  g_autofree char *diagram = g_build_filename (f->dir, "Physics", "diagram.png", NULL);

  test_write_file (f->dir, "Physics/diagram.png", "not really a picture");
  {
    g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);
    GPtrArray *notes = NULL;
    LecLinkTable *links = NULL;

    g_assert_no_error (error);
    g_assert_false (lec_index_last_state (index, &notes, &links));
    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    /* Brought up to date, it has no "before" any more. */
    g_assert_false (lec_index_last_state (index, &notes, &links));
  }

  test_write_file (f->dir, "Physics/added.png", "another picture");
  g_assert_cmpint (g_unlink (diagram), ==, 0);
  {
    g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(LecLinkTable) links = NULL;
    g_autoptr(LecLinkTable) after = NULL;
    g_autoptr(GPtrArray) listed = NULL;
    g_autofree char *note = NULL;
    g_autofree char *picture = NULL;
    g_autofree char *gone = NULL;
    g_autofree char *now_added = NULL;
    g_autofree char *now_gone = NULL;

    g_assert_no_error (error);
    g_assert_true (lec_index_last_state (index, &notes, &links));
    g_assert_cmpuint (notes->len, ==, 5);
    note = lec_link_table_resolve (links, "Total Internal Reflection", "Physics/refraction.md");
    g_assert_cmpstr (note, ==, "Physics/total_internal_reflection.md");
    picture = lec_link_table_resolve (links, "diagram.png", "Physics/refraction.md");
    g_assert_cmpstr (picture, ==, "Physics/diagram.png");
    gone = lec_link_table_resolve (links, "added.png", "Physics/refraction.md");
    g_assert_null (gone);

    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    after = lec_index_dup_link_table (index);
    now_added = lec_link_table_resolve (after, "added.png", "Physics/refraction.md");
    now_gone = lec_link_table_resolve (after, "diagram.png", "Physics/refraction.md");
    g_assert_cmpstr (now_added, ==, "Physics/added.png");
    g_assert_null (now_gone);
    listed = lec_index_list_notes (index);
    g_assert_cmpuint (listed->len, ==, 5);
  }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The note shown first on a reopen, read alone: it, the notes its embeds
 * show (and theirs), and the notes all their links lead to, resolving as
 * the whole table does; nothing else. */
static void
test_note_state (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const targets[] = {
    "Physics", "Total Internal Reflection", "unknown_topic", "refraction", "diagram.png",
    "Prism", "Prism Title", "Other/Prism Title",
  };
  g_autoptr(GError) error = NULL;

  test_write_file (f->dir, "Physics/diagram.png", "not really a picture");
  test_write_file (f->dir, "Other/lenses.md",
                   "---\ntitle: Lenses\n---\n![[refraction]]\n![[diagram.png]]\nSee [[Prism]].\n");
  g_clear_object (&f->root);
  {
    g_autoptr(LecIndex) index = NULL;
    GPtrArray *notes = NULL;
    LecLinkTable *links = NULL;

    f->root = g_file_new_for_path (f->dir);
    index = lec_index_open (f->root, f->cache, &error);
    g_assert_no_error (error);
    /* A first build has nothing to read yet. */
    g_assert_false (lec_index_note_state (index, "Other/lenses.md", &notes, &links));
    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(LecLinkTable) links = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(LecLinkTable) all_links = NULL;
    g_autoptr(GPtrArray) paths = g_ptr_array_new ();
    g_autofree char *joined = NULL;

    g_assert_no_error (error);
    g_assert_false (lec_index_note_state (index, "Other/not-there.md", &notes, &links));
    g_assert_true (lec_index_note_state (index, "Other/lenses.md", &notes, &links));
    for (guint i = 0; i < notes->len; i++)
      g_ptr_array_add (paths, (gpointer) lec_note_info_get_path (notes->pdata[i]));
    g_ptr_array_sort (paths, compare_paths);
    g_ptr_array_add (paths, NULL);
    joined = g_strjoinv (" ", (char **) paths->pdata);
    /* The embedded note's links count; the note titled Prism (its file
     * name loses to prism.md's) does not. */
    g_assert_cmpstr (joined, ==, "Other/lenses.md Other/prism.md Physics/Physics.md "
                                 "Physics/refraction.md Physics/total_internal_reflection.md");
    for (guint i = 0; i < notes->len; i++)
      if (g_str_equal (lec_note_info_get_path (notes->pdata[i]), "Physics/refraction.md"))
        {
          const char * const *aliases = lec_note_info_get_aliases (notes->pdata[i]);

          g_assert_nonnull (aliases);
          g_assert_cmpstr (aliases[0], ==, "Bending light");
        }

    g_assert_true (lec_index_last_state (index, &all, &all_links));
    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      for (guint j = 0; j < 2; j++)
        {
          const char *from = j == 0 ? "Other/lenses.md" : "Physics/refraction.md";
          g_autofree char *partial = lec_link_table_resolve (links, targets[i], from);
          g_autofree char *whole = lec_link_table_resolve (all_links, targets[i], from);

          /* A note none of these links leads to: unresolved here, where
           * no link asks for it. */
          if (i >= 6)
            g_assert_null (partial);
          else
            g_assert_cmpstr (partial, ==, whole);
        }
  }
}

/* A first build writes 16 KB pages: with SQLite's 4 KB, most of the page
 * of a note's row in the text table stayed empty, and the index of real
 * notes came out bigger than the notes. And it leaves no page free (FTS5's
 * merges left 6 % of the file free at 23,770 real notes). */
static void
test_page_size (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (lec_index_get_db_path (index), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 16384);
  sqlite3_finalize (stmt);

  /* Pages a build left free are given back: it can (2, incremental), and
   * did. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA auto_vacuum", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA freelist_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Settled between updates (no memory map), the index still searches, and
 * the next update maps it again and goes on: edits are found. */
static void
test_settle (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  lec_index_settle (index);
  lec_index_settle (index);
  before = search (index, "snell");
  g_assert_cmpuint (before->len, ==, 1);

  g_usleep (10000);
  test_write_file (f->dir, "Other/prism.md", "---\ntitle: Notes about glass\n---\nSnell again, and kaleidoscopes.\n");
  g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lec_index_settle (index);
  after = search (index, "kaleidoscopes");
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((LecSearchHit *) after->pdata[0])->path, ==, "Other/prism.md");
}

/* Lectern ranks with its own copy of bm25() that keeps row lengths in
 * memory: it must agree with FTS5's, also once notes change length. */
static void
test_rank_is_bm25 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autoptr(GError) error = NULL;

  assert_ranks_are_bm25 (index, "prism");
  assert_ranks_are_bm25 (index, "light glass");
  assert_ranks_are_bm25 (index, "\"law of angles\"");

  /* A new note gets the highest row id; rewritten, it is removed and
   * written again under the same id, now longer. */
  test_write_file (f->dir, "Other/lenses.md", "A third prism note, about light.\n");
  g_clear_object (&index);
  index = open_updated (f, NULL);
  assert_ranks_are_bm25 (index, "prism");
  test_write_file (f->dir, "Other/lenses.md",
                   "A third prism note, about light, now much longer: glass, glass, glass, light and more "
                   "light, lenses and mirrors and prisms, and the word prism once more.\n");
  g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_ranks_are_bm25 (index, "prism");
  assert_ranks_are_bm25 (index, "light glass");
}

static const char *
snippet_of (GPtrArray  *hits,
            const char *path)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((LecSearchHit *) hits->pdata[i])->path, path))
      return ((LecSearchHit *) hits->pdata[i])->snippet;
  g_assert_not_reached ();
}

/* Snippets: sixteen words around the first match of the rarest word, from
 * the start of its sentence, matches marked, phrases as one mark, "…" where
 * the text goes on. */
static void
test_snippets (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) long_body = g_string_new ("# Long\n\n");
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  for (int i = 0; i < 400; i++)
    g_string_append (long_body, "Filler words run on and on here. ");
  g_string_append (long_body, "The tiny heron waits by the reeds for fish. ");
  for (int i = 0; i < 400; i++)
    g_string_append (long_body, "More filler after it. ");
  test_write_file (f->dir, "long.md", long_body->str);
  test_write_file (f->dir, "short.md", "A heron, and the tiny heron again.\n");
  test_write_file (f->dir, "titled.md", "---\ntitle: Kingfisher\n---\nNothing here names the bird.\n");
  index = open_updated (f, NULL);

  hits = search (index, "heron");
  g_assert_cmpstr (snippet_of (hits, "long.md"), ==,
                   "…The tiny \002heron\003 waits by the reeds for fish. More filler after it. More filler after…");
  g_assert_cmpstr (snippet_of (hits, "short.md"), ==, "A \002heron\003, and the tiny \002heron\003 again.");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (index, "\"tiny heron\"");
  g_assert_cmpstr (snippet_of (hits, "short.md"), ==, "A heron, and the \002tiny heron\003 again.");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A match in the title alone: the body's start. */
  hits = search (index, "kingfisher");
  g_assert_cmpstr (snippet_of (hits, "titled.md"), ==, "Nothing here names the bird.");
  g_clear_pointer (&hits, g_ptr_array_unref);
}

/* The "From: [[channel]]" line every note of a channel opens with is not
 * what a hit shows, unless the query matches nothing else; and a snippet
 * that stops short of the text's end says so. */
static void
test_snippets_skip_boilerplate (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  test_write_file (f->dir, "Chan/Chan.md", "# Chan\n");
  test_write_file (f->dir, "Chan/herons.md",
                   "---\ntitle: Herons\n---\n\nFrom: [[Chan]] <br/>\n"
                   "Herons wait by the reeds for fish. They stand still for a long time in the "
                   "shallow water of lakes and rivers and strike fast.\n");
  test_write_file (f->dir, "Chan/egrets.md",
                   "---\ntitle: Egrets\n---\n\nFrom: [[Chan]] <br/>\n\n"
                   "Egrets are white herons of warm marshes.\n");
  index = open_updated (f, NULL);

  hits = search (index, "herons");
  g_assert_cmpstr (snippet_of (hits, "Chan/herons.md"), ==,
                   "\002Herons\003 wait by the reeds for fish. They stand still for a long time in the…");
  g_assert_cmpstr (snippet_of (hits, "Chan/egrets.md"), ==, "Egrets are white \002herons\003 of warm marshes.");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A match in the title alone: the text after the boilerplate. */
  hits = search (index, "egrets");
  g_assert_cmpstr (snippet_of (hits, "Chan/egrets.md"), ==, "\002Egrets\003 are white herons of warm marshes.");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The boilerplate is still searched, and shown when it is the match. */
  hits = search (index, "chan");
  g_assert_cmpstr (snippet_of (hits, "Chan/egrets.md"), ==, "From: \002Chan\003  \nEgrets are white herons of warm marshes.");
  g_clear_pointer (&hits, g_ptr_array_unref);
}

/* The count of every note a search finds, and the hits past the first
 * page, in the same order as one long page. */
static void
test_search_count_and_range (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Birds/heron%02u.md", i);
      g_autoptr(GString) body = g_string_new ("The grey heron");

      for (guint j = 0; j < i; j++)
        g_string_append (body, " heron");
      g_string_append (body, " waits.\n");
      test_write_file (f->dir, name, body->str);
    }
  index = open_updated (f, NULL);

  g_assert_true (lec_index_count_matches (index, "heron", &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 30);
  g_assert_true (lec_index_count_matches (index, "hero", &count, &error));
  g_assert_cmpuint (count, ==, 30);
  g_assert_true (lec_index_count_matches (index, "prism", &count, &error));
  g_assert_cmpuint (count, ==, 3);
  g_assert_true (lec_index_count_matches (index, "  ", &count, &error));
  g_assert_cmpuint (count, ==, 0);

  all = lec_index_search_range (index, "heron", 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 30);
  for (guint from = 0; from < 30; from += 12)
    {
      g_autoptr(GPtrArray) page = lec_index_search_range (index, "heron", from, 12, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, MIN (12, 30 - from));
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpstr (((LecSearchHit *) page->pdata[i])->path, ==, ((LecSearchHit *) all->pdata[from + i])->path);
    }
}

static void
test_index_and_search (Fixture       *f,
                       gconstpointer  data)
{
  LecIndexStats st = { 0 };
  g_autoptr(LecIndex) index = open_updated (f, &st);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *db_dir = g_path_get_dirname (lec_index_get_db_path (index));

  /* The index lives in the cache folder, never in the vault. */
  g_assert_cmpstr (db_dir, ==, f->cache);
  g_assert_cmpuint (st.notes, ==, 5);
  g_assert_cmpuint (st.parsed, ==, 5);
  g_assert_cmpuint (st.timestamps, ==, 2);
  g_assert_cmpuint (st.videos, ==, 1);
  g_assert_cmpuint (st.channels, ==, 2);
  g_assert_cmpuint (st.links_unresolved, ==, 1);

  /* A title match beats a body match. */
  hits = search (index, "prism");
  g_assert_cmpuint (hits->len, >=, 3);
  g_assert_cmpstr (((LecSearchHit *) hits->pdata[0])->title, ==, "Prism");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The last word is a prefix; the nearest timestamp before the match. */
  hits = search (index, "splits pri");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((LecSearchHit *) hits->pdata[0])->path, ==, "Physics/refraction.md");
  g_assert_cmpint (((LecSearchHit *) hits->pdata[0])->seconds, ==, 60);
  g_assert_nonnull (strstr (((LecSearchHit *) hits->pdata[0])->snippet, "\002"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (index, "snell");
  g_assert_cmpint (((LecSearchHit *) hits->pdata[0])->seconds, ==, 120);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Phrases, diacritics folded, aliases searched. */
  hits = search (index, "\"law of angles\"");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (index, "\"angles of law\"");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (index, "cafe");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (index, "bending");
  g_assert_cmpstr (((LecSearchHit *) hits->pdata[0])->path, ==, "Physics/refraction.md");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Query syntax is never an error: it is read as words. */
  {
    const char *odd[] = { "AND", "\"unclosed", "NEAR(a b", "a OR", "*", "(", "col:umn", "\"\"", "   " };

    for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
      g_ptr_array_unref (search (index, odd[i]));
  }
}

static gboolean
has_topic (GPtrArray  *topics,
           const char *name,
           gboolean    resolved,
           guint       notes)
{
  for (guint i = 0; i < topics->len; i++)
    {
      LecTopic *t = topics->pdata[i];

      if (g_str_equal (t->name, name))
        return (t->path != NULL) == resolved && t->notes == notes;
    }
  return FALSE;
}

static void
test_topics_and_backlinks (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autoptr(GPtrArray) topics = lec_index_topics (index, NULL);
  g_autoptr(GPtrArray) back = lec_index_backlinks (index, "Physics/refraction.md", NULL);

  /* Resolved topics go by their note's title, unresolved ones by slug. */
  g_assert_true (has_topic (topics, "Refraction of light", TRUE, 2));
  g_assert_true (has_topic (topics, "Total internal reflection", TRUE, 1));
  g_assert_true (has_topic (topics, "Unknown topic", FALSE, 1));
  g_assert_true (has_topic (topics, "Physics", TRUE, 2));

  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (back->pdata[0], ==, "Physics/Physics.md");
  g_assert_cmpstr (back->pdata[1], ==, "Physics/total_internal_reflection.md");
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  LecIndexStats st = { 0 };
  g_autofree char *old_path = g_build_filename (f->dir, "Other", "prism.md", NULL);
  g_autofree char *new_path = g_build_filename (f->dir, "Other", "glass.md", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "Physics", "total_internal_reflection.md", NULL);

  test_write_file (f->dir, "Physics/diagram.png", "not really a picture");
  /* A note at the top of the vault, which the walk finds before it
   * starts its threads. */
  test_write_file (f->dir, "Start here.md", "Begin with [[Physics]].\n");
  g_object_unref (open_updated (f, &st));

  /* Unchanged: nothing read again. The entries made while the walk ran
   * know the vault's attachments too. */
  {
    g_autoptr(LecIndex) index = open_updated (f, &st);
    g_autoptr(LecLinkTable) table = lec_index_dup_link_table (index);
    g_autofree char *picture = lec_link_table_resolve (table, "diagram.png", "Physics/refraction.md");

    g_assert_cmpstr (picture, ==, "Physics/diagram.png");

    g_assert_cmpuint (st.parsed, ==, 0);
    g_assert_cmpuint (st.notes, ==, 6);
  }

  /* Edit one, delete one, rename one. */
  g_usleep (10000);
  test_write_file (f->dir, "Physics/refraction.md", "---\ntitle: Refraction, edited\n---\nNow about rainbows.\n");
  g_assert_cmpint (g_unlink (gone), ==, 0);
  g_assert_cmpint (g_rename (old_path, new_path), ==, 0);

  {
    g_autoptr(LecIndex) index = open_updated (f, &st);
    g_autoptr(GPtrArray) hits = search (index, "rainbows");
    g_autoptr(GPtrArray) old = search (index, "snell");
    g_autoptr(GPtrArray) moved = search (index, "appears only here");
    g_autoptr(GPtrArray) topics = lec_index_topics (index, NULL);

    g_assert_cmpuint (st.notes, ==, 5);
    g_assert_cmpuint (st.removed, ==, 2);
    g_assert_cmpuint (st.parsed, ==, 2);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpuint (old->len, ==, 0);
    g_assert_cmpuint (moved->len, ==, 1);
    g_assert_cmpstr (((LecSearchHit *) moved->pdata[0])->path, ==, "Other/glass.md");
    /* The deleted note's links and topic went with it. */
    g_assert_false (has_topic (topics, "Total internal reflection", TRUE, 1));
  }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every note (with its names), every link of the index, "from → to", and
 * every topic, sorted; and where a few targets lead from each note, by
 * the link table: what a full build and a run of updates must agree on. */
static char *
link_summary (LecIndex *index)
{
  static const char * const probes[] = {
    "Beta", "beta.md", "Lab/beta", "lab/BETA.md", "Other/gamma", "Gamma Ray", "Delta", "STRASSE",
    "Straße", "Lab/Deep/delta", "Epsilon", "total internal reflection",
  };
  g_autoptr(GPtrArray) notes = lec_index_list_notes (index);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) topics = lec_index_topics (index, NULL);
  g_autoptr(LecLinkTable) table = lec_index_dup_link_table (index);

  for (guint i = 0; i < notes->len; i++)
    {
      LecNoteInfo *info = notes->pdata[i];
      const char *path = lec_note_info_get_path (info);
      const char * const *aliases = lec_note_info_get_aliases (info);
      g_autofree char *joined = aliases != NULL ? g_strjoinv ("|", (char **) aliases) : NULL;
      g_autoptr(GPtrArray) back = lec_index_backlinks (index, path, NULL);

      g_ptr_array_add (lines, g_strdup_printf ("note %s “%s” aliases %s video %s channel %s", path,
                                               lec_note_info_get_title (info), joined,
                                               lec_note_info_get_video_id (info),
                                               lec_note_info_get_channel (info)));
      for (guint j = 0; j < back->len; j++)
        g_ptr_array_add (lines, g_strdup_printf ("%s → %s", (char *) back->pdata[j], path));
      for (guint j = 0; j < G_N_ELEMENTS (probes); j++)
        {
          g_autofree char *to = lec_link_table_resolve (table, probes[j], path);

          g_ptr_array_add (lines, g_strdup_printf ("%s: [[%s]] → %s", path, probes[j], to));
        }
    }
  for (guint i = 0; i < topics->len; i++)
    {
      LecTopic *t = topics->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("topic %s “%s” %s %u", t->key, t->name,
                                               t->path ? "resolved" : "open", t->notes));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static gboolean
backlinked (LecIndex   *index,
            const char *to,
            const char *from)
{
  g_autoptr(GPtrArray) back = lec_index_backlinks (index, to, NULL);

  for (guint i = 0; i < back->len; i++)
    if (g_str_equal (back->pdata[i], from))
      return TRUE;
  return FALSE;
}

static void
update (LecIndex *index)
{
  g_autoptr(GError) error = NULL;

  g_usleep (10000);  /* a new modification time */
  g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* One index kept open through edits, as the app keeps it: a note written
 * again keeps the links to it; a new title, a new alias, a new note or a
 * removed one moves links elsewhere; and all of it ends where a full build
 * of the same notes does. */
static void
test_links_through_edits (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autofree char *kept = NULL;
  g_autofree char *rebuilt = NULL;

  test_write_file (f->dir, "Lab/a.md", "---\ntitle: Alpha\n---\nSee [[Beta]], [[Gamma Ray]] and [[Delta]].\n");
  test_write_file (f->dir, "Lab/b.md", "---\ntitle: Beta\n---\nBody.\n");
  test_write_file (f->dir, "Lab/c.md", "---\ntitle: Something\n---\nNothing.\n");
  update (index);
  g_assert_true (backlinked (index, "Lab/b.md", "Lab/a.md"));
  g_assert_false (backlinked (index, "Lab/c.md", "Lab/a.md"));

  /* The body of a linked note changes: links to it stay. (Refraction is
   * not the last note written, whose id SQLite would give out again.) */
  test_write_file (f->dir, "Lab/b.md", "---\ntitle: Beta\n---\nA longer body now.\n");
  test_write_file (f->dir, "Physics/refraction.md",
                   "---\ntitle: Refraction of light\nvideoId: vidOptics01\naliases: [Bending light]\n---\n"
                   "Only the body is new.\n");
  update (index);
  g_assert_true (backlinked (index, "Lab/b.md", "Lab/a.md"));
  g_assert_true (backlinked (index, "Physics/refraction.md", "Physics/total_internal_reflection.md"));

  /* A new title takes the links that name it. */
  test_write_file (f->dir, "Lab/c.md", "---\ntitle: Gamma Ray\n---\nNothing.\n");
  update (index);
  g_assert_true (backlinked (index, "Lab/c.md", "Lab/a.md"));

  /* So does a new alias; and the linking note's own new link resolves. */
  test_write_file (f->dir, "Lab/c.md", "---\ntitle: Gamma Ray\naliases: [Delta]\n---\nNothing.\n");
  update (index);
  test_write_file (f->dir, "Lab/a.md", "---\ntitle: Alpha\n---\nSee [[Beta]], [[Gamma Ray]], [[Delta]] and [[Epsilon]].\n");
  update (index);
  g_assert_true (backlinked (index, "Lab/b.md", "Lab/a.md"));
  test_write_file (f->dir, "Lab/e.md", "---\ntitle: Epsilon\n---\nNew.\n");
  test_write_file (f->dir, "Other/beta-too.md", "---\ntitle: Beta\n---\nA second Beta, further away.\n");
  update (index);
  g_assert_true (backlinked (index, "Lab/e.md", "Lab/a.md"));
  g_assert_true (backlinked (index, "Lab/b.md", "Lab/a.md"));
  g_assert_false (backlinked (index, "Other/beta-too.md", "Lab/a.md"));

  /* A note removed: the links that led to it lead to the next nearest. */
  {
    g_autofree char *b = g_build_filename (f->dir, "Lab", "b.md", NULL);

    g_assert_cmpint (g_remove (b), ==, 0);
  }
  update (index);
  g_assert_false (backlinked (index, "Lab/b.md", "Lab/a.md"));
  g_assert_true (backlinked (index, "Other/beta-too.md", "Lab/a.md"));

  kept = link_summary (index);
  g_clear_object (&index);
  test_remove_tree (f->cache);
  g_mkdir_with_parents (f->cache, 0700);
  index = open_updated (f, NULL);
  rebuilt = link_summary (index);
  g_assert_cmpstr (kept, ==, rebuilt);
}

/* An update of the paths the folder monitors saw looks at those notes
 * only, and keeps what was said of the others; a path beyond notes in
 * known folders (here a new folder) walks the whole vault. */
static void
test_update_paths (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_build_filename (f->dir, "Other", "huge.md", NULL);

  /* A "note" that is not a file: a problem the index reports. */
  g_assert_cmpint (mkfifo (huge, 0644), ==, 0);
  index = open_updated (f, NULL);
  g_assert_cmpuint (lec_index_problems (index)->len, ==, 1);
  g_assert_true (g_str_has_prefix (lec_index_problems (index)->pdata[0], "Other/huge.md: "));

  /* One note named, one not: only the first is read again. Hidden paths
   * and files that are not notes change nothing. */
  g_usleep (10000);
  test_write_file (f->dir, "Other/prism.md", "---\ntitle: Notes about glass\n---\nA zebra now.\n");
  test_write_file (f->dir, "Physics/Physics.md", "---\ntitle: Physics\n---\nA giraffe now.\n");
  g_ptr_array_add (paths, "Other/prism.md");
  g_ptr_array_add (paths, ".obsidian/workspace.md");
  g_ptr_array_add (paths, "Other/draft.txt");
  g_assert_true (lec_index_update_paths (index, paths, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) zebra = search (index, "zebra");
    g_autoptr(GPtrArray) giraffe = search (index, "giraffe");

    g_assert_cmpuint (zebra->len, ==, 1);
    g_assert_cmpuint (giraffe->len, ==, 0);
  }
  g_assert_cmpuint (lec_index_problems (index)->len, ==, 1);

  /* A note created, one deleted. */
  test_write_file (f->dir, "Other/newcomer.md", "---\ntitle: Newcomer\n---\nSee [[Prism]].\n");
  {
    g_autofree char *gone = g_build_filename (f->dir, "Other", "Prism Title.md", NULL);

    g_assert_cmpint (g_remove (gone), ==, 0);
  }
  g_ptr_array_set_size (paths, 0);
  g_ptr_array_add (paths, "Other/newcomer.md");
  g_ptr_array_add (paths, "Other/Prism Title.md");
  g_assert_true (lec_index_update_paths (index, paths, NULL, NULL, NULL, &error));
  {
    g_autoptr(GPtrArray) notes = lec_index_list_notes (index);
    gboolean newcomer = FALSE, prism = FALSE;

    for (guint i = 0; i < notes->len; i++)
      {
        newcomer |= g_str_equal (lec_note_info_get_path (notes->pdata[i]), "Other/newcomer.md");
        prism |= g_str_equal (lec_note_info_get_path (notes->pdata[i]), "Other/Prism Title.md");
      }
    g_assert_true (newcomer);
    g_assert_false (prism);
  }
  g_assert_cmpuint (lec_index_problems (index)->len, ==, 1);

  /* A new folder: the whole vault is walked, and the giraffe found. */
  test_write_file (f->dir, "Fresh/inside.md", "---\ntitle: Inside\n---\nNew folder.\n");
  g_ptr_array_set_size (paths, 0);
  g_ptr_array_add (paths, "Fresh");
  g_assert_true (lec_index_update_paths (index, paths, NULL, NULL, NULL, &error));
  {
    g_autoptr(GPtrArray) giraffe = search (index, "giraffe");
    g_autoptr(GPtrArray) inside = search (index, "Inside");

    g_assert_cmpuint (giraffe->len, ==, 1);
    g_assert_cmpuint (inside->len, ==, 1);
  }
  g_assert_cmpuint (lec_index_problems (index)->len, ==, 1);
  g_assert_cmpint (g_remove (huge), ==, 0);
}

/* @index, kept open through edits, says of links and topics what a full
 * build of the same notes (in @fresh_cache) says. */
static void
assert_as_built (Fixture    *f,
                 LecIndex   *index,
                 const char *fresh_cache,
                 const char *when)
{
  g_autofree char *kept = link_summary (index);
  g_autofree char *rebuilt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) fresh = NULL;

  test_remove_tree (fresh_cache);
  g_mkdir_with_parents (fresh_cache, 0700);
  fresh = lec_index_open (f->root, fresh_cache, &error);
  g_assert_no_error (error);
  g_assert_true (lec_index_update (fresh, NULL, NULL, NULL, NULL, &error));
  rebuilt = link_summary (fresh);
  if (g_strcmp0 (kept, rebuilt) != 0)
    g_test_message ("%s", when);
  g_assert_cmpstr (kept, ==, rebuilt);
}

/* Random edits to a small vault, one index kept open through them all; after
 * each, its links and topics must be those of a full build of the same
 * notes. The names collide on purpose: cases, "name.md", paths, aliases,
 * and a title whose case folding differs from its slug (ß). */
static void
test_links_random_edits (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const folders[] = { "Lab", "Other", "Lab/Deep" };
  static const char * const names[] = { "beta", "Beta", "gamma", "delta", "Straße", "epsilon" };
  static const char * const targets[] = {
    "Beta", "beta", "beta.md", "BETA", "Lab/beta", "Other/gamma", "Gamma Ray", "Delta",
    "STRASSE", "Straße", "strasse", "Epsilon", "Nothing Here", "Lab/Deep/delta",
  };
  /* LECTERN_TEST_SEED and LECTERN_TEST_STEPS run it longer, with
   * other edits. */
  const char *seed = g_getenv ("LECTERN_TEST_SEED");
  const char *steps = g_getenv ("LECTERN_TEST_STEPS");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed != NULL ? (guint32) g_ascii_strtoull (seed, NULL, 10) : 20261127);
  guint n_steps = steps != NULL ? (guint) g_ascii_strtoull (steps, NULL, 10) : 40;
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autofree char *fresh_cache = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  for (guint step = 0; step < n_steps; step++)
    {
      guint op = g_rand_int_range (rand, 0, 4);

      if (op == 0 || notes->len < 3)
        {
          /* A new note (or one written again), with links, a title and
           * perhaps an alias from the same few names. */
          g_autofree char *rel = g_strdup_printf ("%s/%s.md", folders[g_rand_int_range (rand, 0, 3)],
                                                  names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
          g_autofree char *text = g_strdup_printf ("---\ntitle: %s\n%s---\nSee [[%s]] and [[%s]].\n",
                                                   targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))],
                                                   g_rand_boolean (rand) ? "aliases: [Gamma Ray]\n" : "",
                                                   targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))],
                                                   targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))]);
          gboolean known = FALSE;

          test_write_file (f->dir, rel, text);
          for (guint i = 0; i < notes->len; i++)
            known |= g_str_equal (notes->pdata[i], rel);
          if (!known)
            g_ptr_array_add (notes, g_strdup (rel));
        }
      else if (op == 1)
        {
          /* The body only. */
          guint i = g_rand_int_range (rand, 0, notes->len);
          g_autofree char *path = g_build_filename (f->dir, notes->pdata[i], NULL);
          g_autofree char *text = NULL;
          g_autofree char *more = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          more = g_strdup_printf ("%sAlso [[%s]].\n", text, targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))]);
          g_assert_true (g_file_set_contents (path, more, -1, NULL));
        }
      else if (op == 2)
        {
          guint i = g_rand_int_range (rand, 0, notes->len);
          g_autofree char *path = g_build_filename (f->dir, notes->pdata[i], NULL);

          g_assert_cmpint (g_remove (path), ==, 0);
          g_ptr_array_remove_index (notes, i);
        }
      else
        {
          /* Renamed into another folder. */
          guint i = g_rand_int_range (rand, 0, notes->len);
          g_autofree char *rel = g_strdup_printf ("%s/%s-%u.md", folders[g_rand_int_range (rand, 0, 3)],
                                                  names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))], step);
          g_autofree char *from = g_build_filename (f->dir, notes->pdata[i], NULL);
          g_autofree char *to = g_build_filename (f->dir, rel, NULL);
          g_autofree char *dir = g_path_get_dirname (to);

          g_mkdir_with_parents (dir, 0700);
          g_assert_cmpint (g_rename (from, to), ==, 0);
          g_free (notes->pdata[i]);
          notes->pdata[i] = g_steal_pointer (&rel);
        }

      update (index);
      {
        g_autofree char *message = g_strdup_printf ("after step %u (operation %u)", step, op);

        assert_as_built (f, index, fresh_cache, message);
      }
    }
  test_remove_tree (fresh_cache);
}

/* The name of the topic @key as @index lists it, or NULL. */
static char *
topic_name (LecIndex   *index,
            const char *key)
{
  g_autoptr(GPtrArray) topics = lec_index_topics (index, NULL);

  for (guint i = 0; i < topics->len; i++)
    {
      LecTopic *t = topics->pdata[i];

      if (g_str_equal (t->key, key))
        return g_strdup (t->name);
    }
  return NULL;
}

/* Writes @text to note @rel (or removes it, NULL) and updates @index: the
 * topic "impact_of_ai_integration" is then named @name, as in a full build. */
static void
edit_and_expect (Fixture    *f,
                 LecIndex   *index,
                 const char *fresh_cache,
                 const char *rel,
                 const char *text,
                 const char *name)
{
  g_autofree char *listed = NULL;

  if (text != NULL)
    test_write_file (f->dir, rel, text);
  else
    {
      g_autofree char *path = g_build_filename (f->dir, rel, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  update (index);
  listed = topic_name (index, "impact_of_ai_integration");
  g_assert_cmpstr (listed, ==, name);
  assert_as_built (f, index, fresh_cache, rel);
}

/* A topic with no note is named after its target as written, capitals
 * kept: as most notes write it, and of spellings as common, the first in
 * byte order. Its name depends on the links there are, never on the order
 * they came in; a note of its name gives it that note's title. */
static void
test_topic_spellings (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const rels[] = { "S/lower.md", "S/upper.md", "S/under.md" };
  static const char * const texts[] = {
    "See [[impact of ai integration]].\n",
    "See [[Impact of AI Integration]] and [[Impact of AI Integration#Costs]].\n",
    "See [[Impact_of_AI_Integration]] and [[impact of ai integration]].\n",
  };
  /* The name by which of the three notes are there (bit i: rels[i]). */
  static const char * const names[] = {
    NULL, "Impact of ai integration", "Impact of AI Integration", "Impact of AI Integration",
    "Impact of AI Integration", "Impact of ai integration", "Impact of AI Integration", "Impact of ai integration",
  };
  static const guint orders[][3] = { { 0, 1, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
  const char *lower = texts[0], *upper = texts[1], *under = texts[2];
  g_autoptr(LecIndex) index = open_updated (f, NULL);
  g_autofree char *fresh_cache = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);

  edit_and_expect (f, index, fresh_cache, "S/lower.md", lower, "Impact of ai integration");
  /* One note each: byte order puts capitals first. */
  edit_and_expect (f, index, fresh_cache, "S/upper.md", upper, "Impact of AI Integration");
  /* Two notes write it in lower case (a note counts once per spelling). */
  edit_and_expect (f, index, fresh_cache, "S/under.md", under, "Impact of ai integration");
  edit_and_expect (f, index, fresh_cache, "S/lower.md", NULL, "Impact of AI Integration");
  edit_and_expect (f, index, fresh_cache, "S/lower.md", lower, "Impact of ai integration");
  edit_and_expect (f, index, fresh_cache, "S/under.md", "Nothing now.\n", "Impact of AI Integration");
  edit_and_expect (f, index, fresh_cache, "S/upper.md", NULL, "Impact of ai integration");
  edit_and_expect (f, index, fresh_cache, "S/lower.md", NULL, NULL);

  /* The same three notes come and go in other orders. */
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      guint there = 0;

      for (guint j = 0; j < 3; j++)
        {
          there |= 1u << orders[i][j];
          edit_and_expect (f, index, fresh_cache, rels[orders[i][j]], texts[orders[i][j]], names[there]);
        }
      for (guint j = 0; j < 3; j++)
        {
          there &= ~(1u << orders[i][(j + i) % 3]);
          edit_and_expect (f, index, fresh_cache, rels[orders[i][(j + i) % 3]], NULL, names[there]);
        }
    }

  /* A note of that name: its title wins, and when it goes the spellings
   * name the topic again. */
  edit_and_expect (f, index, fresh_cache, "S/upper.md", upper, "Impact of AI Integration");
  test_write_file (f->dir, "S/Impact of AI Integration.md", "---\ntitle: What AI changes\n---\nBody.\n");
  update (index);
  {
    g_autoptr(GPtrArray) topics = lec_index_topics (index, NULL);

    g_assert_true (has_topic (topics, "What AI changes", TRUE, 1));
  }
  assert_as_built (f, index, fresh_cache, "a note of the topic's name");
  edit_and_expect (f, index, fresh_cache, "S/Impact of AI Integration.md", NULL, "Impact of AI Integration");
  test_remove_tree (fresh_cache);
}

static void
exec_on (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static char *
listed_titles (LecIndex *index)
{
  g_autoptr(GPtrArray) notes = lec_index_list_notes (index);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", lec_note_info_get_title (notes->pdata[i]));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The index keeps the titles' sort keys, and uses them only while they are
 * for the collation they were made for. */
static void
test_sort_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *expected = NULL;

  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);

    db = g_strdup (lec_index_get_db_path (index));
    expected = listed_titles (index);
    g_assert_cmpstr (expected, ==, "Notes about glass, Physics, Prism, Refraction of light, Total internal reflection");
  }

  /* Keys made under another locale (here, made up): not used, and made
   * anew at the next update. */
  exec_on (db, "UPDATE meta SET value = 'xx_XX.UTF-8' WHERE key = 'collate';"
               "UPDATE sort_keys SET key = char (1) WHERE id = (SELECT id FROM notes WHERE title = 'Refraction of light');");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);
    g_autofree char *listed = NULL;

    g_assert_no_error (error);
    listed = listed_titles (index);
    g_assert_cmpstr (listed, ==, expected);
  }
  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);
    g_autofree char *listed = listed_titles (index);

    g_assert_cmpstr (listed, ==, expected);
  }

  /* Keys of this collation are the index's: one changed behind its back
   * shows. */
  exec_on (db, "UPDATE sort_keys SET key = char (1) WHERE id = (SELECT id FROM notes WHERE title = 'Refraction of light');");
  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);
    g_autofree char *listed = listed_titles (index);

    g_assert_cmpstr (listed, ==, "Refraction of light, Notes about glass, Physics, Prism, Total internal reflection");
  }
}

static void
test_corrupt_cache (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = NULL;

  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);

    db = g_strdup (lec_index_get_db_path (index));
    g_assert_null (lec_index_get_notice (index));
  }

  /* Garbage over the file: rebuilt, with a notice, and still right. */
  g_assert_true (g_file_set_contents (db, "this is not a database at all, just words and more words", -1, NULL));
  {
    LecIndexStats st = { 0 };
    g_autoptr(LecIndex) index = open_updated (f, &st);
    g_autoptr(GPtrArray) hits = search (index, "snell");

    g_assert_nonnull (lec_index_get_notice (index));
    g_assert_cmpuint (st.notes, ==, 5);
    g_assert_cmpuint (hits->len, ==, 1);
  }

  /* Truncated halfway. */
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
    g_assert_cmpint (truncate (db, (off_t) len / 2), ==, 0);
  }
  {
    LecIndexStats st = { 0 };
    g_autoptr(LecIndex) index = open_updated (f, &st);

    g_assert_cmpuint (st.notes, ==, 5);
  }
}

/* Whatever state the file is in, the index works, and says once that it
 * was rebuilt: cut to nothing, to a byte, inside its header, after its
 * first page; garbage; a folder in its place (which is no file of ours to
 * remove: the index then lives in memory). */
static void
test_damaged_shapes (Fixture       *f,
                     gconstpointer  data)
{
  const gssize cuts[] = { 0, 1, 60, 4096 + 10 };
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *whole = NULL;
  gsize whole_len;

  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);

    db = g_strdup (lec_index_get_db_path (index));
  }
  wal = g_strconcat (db, "-wal", NULL);
  g_assert_true (g_file_get_contents (db, &whole, &whole_len, NULL));
  g_assert_cmpuint (whole_len, >, 4096 + 10);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      LecIndexStats st = { 0 };

      g_test_message ("cut to %" G_GSSIZE_FORMAT " bytes", cuts[i]);
      g_assert_true (g_file_set_contents (db, whole, cuts[i], NULL));
      g_unlink (wal);
      {
        g_autoptr(LecIndex) index = open_updated (f, &st);
        g_autoptr(GPtrArray) hits = search (index, "snell");

        g_assert_nonnull (lec_index_get_notice (index));
        g_assert_cmpuint (st.notes, ==, 5);
        g_assert_cmpuint (hits->len, ==, 1);
      }
      /* Said once: the next start finds a sound file. */
      {
        g_autoptr(LecIndex) index = open_updated (f, &st);

        g_assert_null (lec_index_get_notice (index));
      }
    }

  g_unlink (db);
  g_unlink (wal);
  g_assert_cmpint (g_mkdir (db, 0700), ==, 0);
  test_write_file (db, "someone's.txt", "not ours");
  {
    LecIndexStats st = { 0 };
    g_autoptr(LecIndex) index = open_updated (f, &st);
    g_autoptr(GPtrArray) hits = search (index, "snell");

    g_assert_nonnull (lec_index_get_notice (index));
    g_assert_nonnull (strstr (lec_index_get_notice (index), "could not be saved"));
    g_assert_cmpuint (st.notes, ==, 5);
    g_assert_cmpuint (hits->len, ==, 1);
  }
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_DIR));
  test_remove_tree (db);
}

/* A cache folder that cannot be made (a file where it should be): the
 * index lives in memory, and is saved once the folder can be made. */
static void
test_no_cache_folder (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->cache, "blocker", NULL);
  g_autofree char *cache = g_build_filename (blocker, "lectern", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  LecIndexStats st = { 0 };

  g_assert_true (g_file_set_contents (blocker, "a file, not a folder", -1, NULL));
  /* Tried again at every update, not once a minute. */
  g_setenv ("LECTERN_INDEX_SAVE_RETRY_S", "0", TRUE);
  index = lec_index_open (f->root, cache, &error);
  g_assert_no_error (error);
  g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (st.notes, ==, 5);
  g_assert_nonnull (strstr (lec_index_get_notice (index), "could not be saved"));
  hits = search (index, "snell");
  g_assert_cmpuint (hits->len, ==, 1);

  g_assert_cmpint (g_unlink (blocker), ==, 0);
  g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
  g_unsetenv ("LECTERN_INDEX_SAVE_RETRY_S");
  g_assert_no_error (error);
  g_assert_true (g_file_test (lec_index_get_db_path (index), G_FILE_TEST_IS_REGULAR));
  g_assert_null (lec_index_get_notice (index));
}

/* Damage that the open does not see (it reads the notes table only)
 * shows in a search: the search fails, and the next update rebuilds. */
static void
test_damage_during_search (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *db = NULL;

  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);

    db = g_strdup (lec_index_get_db_path (index));
  }
  test_damage_table (db, "fts_data");
  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hits = NULL;

    g_assert_null (lec_index_get_notice (index));
    g_assert_null (lec_index_search (index, "snell", 10, &error));
    g_assert_error (error, LEC_ERROR, LEC_ERROR_DAMAGED);

    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, NULL));
    g_assert_nonnull (lec_index_get_notice (index));
    hits = search (index, "snell");
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

/* Damage met by an update, in the rows of a note it writes again. */
static void
test_damage_during_update (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *db = NULL;

  {
    g_autoptr(LecIndex) index = open_updated (f, NULL);

    db = g_strdup (lec_index_get_db_path (index));
  }
  test_damage_table (db, "text");
  test_write_file (f->dir, "Other/prism.md", "---\ntitle: Notes about glass\n---\nNow about quartzite.\n");
  {
    LecIndexStats st = { 0 };
    g_autoptr(LecIndex) index = open_updated (f, &st);
    g_autoptr(GPtrArray) hits = search (index, "quartzite");

    g_assert_nonnull (lec_index_get_notice (index));
    g_assert_cmpuint (st.notes, ==, 5);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

/* How many notes the index file at @db holds, read as it is on disk. */
static int
notes_on_disk (const char *db)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (conn, "SELECT count(*) FROM notes", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

/* Files may grow no larger than @bytes (RLIMIT_FSIZE, a disk full as
 * SQLite sees it: writes fail), or again as large as they like (0). */
static void
limit_file_size (rlim_t bytes)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = bytes > 0 ? bytes : limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}

static void
disk_full_child (void)
{
  g_autoptr(GFile) root = g_file_new_for_path (g_getenv ("LECTERN_TEST_VAULT"));
  const char *cache = g_getenv ("LECTERN_TEST_CACHE");
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *db = NULL;
  LecIndexStats st = { 0 };

  /* A write past the limit fails with EFBIG, as one on a full disk fails
   * with ENOSPC, rather than stopping the process. */
  signal (SIGXFSZ, SIG_IGN);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *rel = g_strdup_printf ("More/note-%03u.md", i);
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, "---\ntitle: More %u\n---\nmarker%u", i, i);
      for (guint w = 0; w < 300; w++)
        g_string_append_printf (text, " w%ux%u", i, w);
      test_write_file (g_getenv ("LECTERN_TEST_VAULT"), rel, text->str);
    }
  limit_file_size (64 * 1024);

  /* The update cannot be written: it is made in memory, and said. */
  index = lec_index_open (root, cache, &error);
  g_assert_no_error (error);
  db = g_strdup (lec_index_get_db_path (index));
  g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (st.notes, ==, 205);
  g_assert_nonnull (lec_index_get_notice (index));
  notice = g_strdup (lec_index_get_notice (index));
  hits = search (index, "marker117");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  /* The file is left as it was. */
  g_assert_cmpint (notes_on_disk (db), ==, 5);

  /* Tried again later (at once here), still full: nothing more said. */
  test_write_file (g_getenv ("LECTERN_TEST_VAULT"), "More/late.md", "---\ntitle: Late\n---\nlatecomer\n");
  g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (st.notes, ==, 206);
  g_assert_cmpstr (lec_index_get_notice (index), ==, notice);
  g_assert_cmpint (notes_on_disk (db), ==, 5);

  /* Room again: the next update saves it. */
  limit_file_size (0);
  g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (notes_on_disk (db), ==, 206);
  hits = search (index, "latecomer");
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_object (&index);

  /* A first index on a full disk: in memory from the start. */
  {
    g_autofree char *fresh = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);

    limit_file_size (16 * 1024);
    index = lec_index_open (root, fresh, &error);
    g_assert_no_error (error);
    g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (st.notes, ==, 206);
    g_assert_nonnull (lec_index_get_notice (index));
    g_clear_object (&index);
    limit_file_size (0);
    test_remove_tree (fresh);
  }
}

/* The disk full while the index is written: Lectern goes on from what it
 * has, says so once, keeps the file it had, and saves it once it can. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      disk_full_child ();
      return;
    }

  g_object_unref (open_updated (f, NULL));
  g_setenv ("LECTERN_TEST_VAULT", f->dir, TRUE);
  g_setenv ("LECTERN_TEST_CACHE", f->cache, TRUE);
  g_setenv ("LECTERN_INDEX_SAVE_RETRY_S", "0", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LECTERN_INDEX_SAVE_RETRY_S");
  g_test_trap_assert_passed ();
}

/* The first index of a vault is built aside and put in place only once
 * complete: a build that dies midway leaves nothing the next start uses,
 * and that start builds it again in full. */
static void
die_midway (guint    done,
            guint    total,
            gpointer user_data)
{
  if (done < total)
    _exit (0);
}

static guint
count_builds (const char *cache)
{
  g_autoptr(GDir) dir = g_dir_open (cache, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += strstr (name, ".build-") != NULL;
  return n;
}

static void
test_first_build_crash (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(GFile) root = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(GFile) vault = g_file_new_for_path (g_getenv ("LECTERN_TEST_VAULT"));
      g_autoptr(LecIndex) index = lec_index_open (vault, g_getenv ("LECTERN_TEST_CACHE"), NULL);

      lec_index_update (index, die_midway, NULL, NULL, NULL, NULL);
      return;
    }

  dir = g_dir_make_tmp ("lectern-index-XXXXXX", NULL);
  cache = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);
  root = g_file_new_for_path (dir);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *rel = g_strdup_printf ("Bulk/note-%03u.md", i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: Bulk %u\nvideoId: vidBulk%04u\n---\n"
                                               "Opening words <a class=\"yt-timestamp\" data-t=\"00:00:%02u\">[00:00:%02u]</a>. "
                                               "Then the marker word bulkword%u.\n",
                                               i, i, i % 60, i % 60, i);

      test_write_file (dir, rel, text);
    }

  g_setenv ("LECTERN_TEST_VAULT", dir, TRUE);
  g_setenv ("LECTERN_TEST_CACHE", cache, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_builds (cache), ==, 1);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LecIndex) index = lec_index_open (root, cache, &error);
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(GPtrArray) hits = NULL;
    LecIndexStats st = { 0 };

    g_assert_no_error (error);
    g_assert_cmpuint (count_builds (cache), ==, 0);
    notes = lec_index_list_notes (index);
    g_assert_cmpuint (notes->len, ==, 0);

    g_assert_true (lec_index_update (index, NULL, NULL, &st, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (st.notes, ==, 600);
    g_assert_cmpuint (st.parsed, ==, 600);
    g_assert_cmpuint (st.timestamps, ==, 600);
    g_assert_cmpuint (count_builds (cache), ==, 0);

    hits = search (index, "bulkword417");
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((LecSearchHit *) hits->pdata[0])->path, ==, "Bulk/note-417.md");
    g_assert_cmpint (((LecSearchHit *) hits->pdata[0])->seconds, ==, 417 % 60);
  }

  test_remove_tree (dir);
  test_remove_tree (cache);
}

/* A search before the first notes arrive, then one after the first
 * build put a new file in place: the kept statement follows the file. */
static void
test_search_across_first_build (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lectern-index-XXXXXX", NULL);
  g_autofree char *cache = g_dir_make_tmp ("lectern-cache-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = lec_index_open (root, cache, &error);

  g_assert_no_error (error);
  g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
  g_ptr_array_unref (search (index, "glass"));

  test_write_file (dir, "glass.md", "---\ntitle: Glass\n---\nGlass bends light.\n");
  g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) hits = search (index, "bends");

    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((LecSearchHit *) hits->pdata[0])->title, ==, "Glass");
  }

  g_clear_object (&index);
  test_remove_tree (dir);
  test_remove_tree (cache);
}

static void
test_bad_root (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/lectern/vault");
  g_autoptr(GError) error = NULL;
  g_autoptr(LecIndex) index = lec_index_open (missing, NULL, &error);

  g_assert_null (index);
  g_assert_nonnull (error);
}

static void
test_build_query (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "light", "\"light\"*" },
    { "light waves", "\"light\" \"waves\"*" },
    { "\"light waves\" speed", "\"light waves\" \"speed\"*" },
    { "say \"hi", "\"say\" \"hi\"" },
    { "a\"b", "\"a\" \"b\"" },
    { "NEAR(x", "\"NEAR(x\"*" },
    { "   ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = lec_index_build_query (cases[i].in);

      g_assert_cmpstr (q, ==, cases[i].out);
    }
}

static void
test_slugs (void)
{
  static const struct { const char *in; const char *slug; const char *human; } cases[] = {
    { "Reinforcement Learning (RL)", "reinforcement_learning_rl", "Reinforcement learning rl" },
    { "Meta's AI", "metas_ai", "Metas ai" },
    { "  spaced  out  ", "spaced_out", "Spaced out" },
    { "Café Économie", "cafe_economie", "Cafe economie" },
    { "aidriven_personalization_and_applications", "aidriven_personalization_and_applications",
      "Aidriven personalization and applications" },
    { "\u2068Isolated\u2069 name", "isolated_name", "Isolated name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = lec_slugify (cases[i].in);
      g_autofree char *human = lec_humanize_slug (slug);

      g_assert_cmpstr (slug, ==, cases[i].slug);
      g_assert_cmpstr (human, ==, cases[i].human);
    }

  /* Found by fuzz-slug: invalid UTF-8 was read character by character,
   * past the end of a cut sequence. */
  {
    g_autofree char *human = lec_humanize_slug ("\xff" "a_b\xe2\x82");

    g_assert_cmpstr (human, ==, "\xef\xbf\xbd" "a b\xef\xbf\xbd\xef\xbf\xbd");
  }

  /* And by fuzz-link-table: g_utf8_normalize() read past the end of a
   * file's name before it refused it, and the slug was empty. */
  {
    g_autofree char *slug = lec_slugify ("Caf\xc3 au lait\xe2\x82");

    g_assert_cmpstr (slug, ==, "caf_au_lait");
  }
}

/* Found by fuzz-link-table: a note whose file name holds a cut UTF-8
 * sequence made g_utf8_casefold() read past the end of its name (the link
 * table's folding, and the title's sort key); each bad byte now folds as
 * U+FFFD. */
static void
test_link_table_invalid_utf8 (void)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LecLinkTable) table = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = lec_note_info_make_sort_key ("Caf\xc3");
  g_autofree char *valid_key = lec_note_info_make_sort_key ("Caf\xef\xbf\xbd");

  g_ptr_array_add (infos, lec_note_info_new ("Dossier/Caf\xc3.md", "Caf\xc3", NULL));
  table = lec_link_table_new (infos, NULL);
  path = lec_link_table_resolve (table, "dossier/caf\xef\xbf\xbd", NULL);

  g_assert_cmpstr (path, ==, "Dossier/Caf\xc3.md");
  g_assert_cmpstr (key, ==, valid_key);
}

/* The resolution rules, one by one. */
static void
test_link_rules (void)
{
  const struct { const char *path; const char *title; const char *alias; } notes[] = {
    { "a/Topic.md", "Topic A", NULL },
    { "b/Topic.md", "Topic B", NULL },
    { "Topic.md", "Topic at the top", NULL },
    { "deep/er/Shallow Wins.md", "x", NULL },
    { "deep/Shallow Wins.md", "y", NULL },
    { "c/reinforcement_learning_rl.md", "RL", NULL },
    { "c/policy.md", "Policy Gradients", "PG methods" },
  };
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(LecLinkTable) t = NULL;
  const struct { const char *target; const char *from; const char *expected; } cases[] = {
    { "Topic", "b/note.md", "b/Topic.md" },             /* same folder first */
    { "Topic", "a/x.md", "a/Topic.md" },
    { "Topic", "elsewhere/n.md", "Topic.md" },          /* then the shortest path */
    { "topic", "elsewhere/n.md", "Topic.md" },          /* case-insensitive */
    { "shallow wins", "z/n.md", "deep/Shallow Wins.md" },
    { "a/Topic", "z/n.md", "a/Topic.md" },              /* a path from the root */
    { "a/Topic.md", "z/n.md", "a/Topic.md" },
    { "Topic", NULL, "Topic.md" },
    { "Reinforcement Learning (RL)", "z/n.md", "c/reinforcement_learning_rl.md" },  /* by slug */
    { "Policy Gradients", "z/n.md", "c/policy.md" },    /* by title */
    { "PG Methods", "z/n.md", "c/policy.md" },          /* by alias */
    { "pic.png", "z/n.md", "media/pic.png" },
    { "../Topic", "a/x.md", NULL },                    /* never out of the vault */
    { "/etc/passwd", "a/x.md", NULL },
    { "https://example.org/Topic", "a/x.md", NULL },
    { "No Such Note", "a/x.md", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      LecNoteInfo *info = lec_note_info_new (notes[i].path, notes[i].title, NULL);
      const char *aliases[] = { notes[i].alias, NULL };

      if (notes[i].alias != NULL)
        lec_note_info_set_aliases (info, aliases);
      g_ptr_array_add (infos, info);
    }
  g_ptr_array_add (files, (char *) "media/pic.png");
  t = lec_link_table_new (infos, files);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = lec_link_table_resolve (t, cases[i].target, cases[i].from);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_error ("[[%s]] from %s: expected %s, got %s", cases[i].target, cases[i].from,
                 cases[i].expected, got);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/index/index-and-search", Fixture, NULL, fixture_setup, test_index_and_search, fixture_teardown);
  g_test_add ("/index/snippets", Fixture, NULL, fixture_setup, test_snippets, fixture_teardown);
  g_test_add ("/index/search-count-and-range", Fixture, NULL, fixture_setup, test_search_count_and_range,
              fixture_teardown);
  g_test_add ("/index/snippets-skip-boilerplate", Fixture, NULL, fixture_setup, test_snippets_skip_boilerplate,
              fixture_teardown);
  g_test_add ("/index/rank-is-bm25", Fixture, NULL, fixture_setup, test_rank_is_bm25, fixture_teardown);
  g_test_add ("/index/topics-and-backlinks", Fixture, NULL, fixture_setup, test_topics_and_backlinks, fixture_teardown);
  g_test_add ("/index/incremental", Fixture, NULL, fixture_setup, test_incremental, fixture_teardown);
  g_test_add ("/index/last-state", Fixture, NULL, fixture_setup, test_last_state, fixture_teardown);
  g_test_add ("/index/note-state", Fixture, NULL, fixture_setup, test_note_state, fixture_teardown);
  g_test_add ("/index/page-size", Fixture, NULL, fixture_setup, test_page_size, fixture_teardown);
  g_test_add ("/index/settle", Fixture, NULL, fixture_setup, test_settle, fixture_teardown);
  g_test_add ("/index/links-through-edits", Fixture, NULL, fixture_setup, test_links_through_edits, fixture_teardown);
  g_test_add ("/index/update-paths", Fixture, NULL, fixture_setup, test_update_paths, fixture_teardown);
  g_test_add ("/index/links-random-edits", Fixture, NULL, fixture_setup, test_links_random_edits, fixture_teardown);
  g_test_add ("/index/topic-spellings", Fixture, NULL, fixture_setup, test_topic_spellings, fixture_teardown);
  g_test_add ("/index/sort-keys", Fixture, NULL, fixture_setup, test_sort_keys, fixture_teardown);
  g_test_add ("/index/corrupt-cache", Fixture, NULL, fixture_setup, test_corrupt_cache, fixture_teardown);
  g_test_add ("/index/damaged-shapes", Fixture, NULL, fixture_setup, test_damaged_shapes, fixture_teardown);
  g_test_add ("/index/damage-during-search", Fixture, NULL, fixture_setup, test_damage_during_search, fixture_teardown);
  g_test_add ("/index/damage-during-update", Fixture, NULL, fixture_setup, test_damage_during_update, fixture_teardown);
  g_test_add ("/index/disk-full", Fixture, NULL, fixture_setup, test_disk_full, fixture_teardown);
  g_test_add ("/index/no-cache-folder", Fixture, NULL, fixture_setup, test_no_cache_folder, fixture_teardown);
  g_test_add_func ("/index/first-build-crash", test_first_build_crash);
  g_test_add_func ("/index/search-across-first-build", test_search_across_first_build);
  g_test_add_func ("/index/bad-root", test_bad_root);
  g_test_add_func ("/index/build-query", test_build_query);
  g_test_add_func ("/index/link-rules", test_link_rules);
  g_test_add_func ("/index/link-table-invalid-utf8", test_link_table_invalid_utf8);
  g_test_add_func ("/index/slugs", test_slugs);

  return g_test_run ();
}
