/* lec-vault.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-vault"

#include "config.h"

#include "lec-vault.h"
#include "lec-channel.h"
#include "lec-error.h"
#include "lec-index.h"
#include "lec-link-table.h"
#include "lec-note.h"
#include "lec-note-info.h"
#include "lec-search-result.h"
#include "lec-slug.h"
#include "lec-topic-item.h"
#include "lec-video.h"
#include "lec-walk.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

/* A vault as the UI sees it: models of its notes, channels (→ videos →
 * notes) and topics, kept current while files change.
 *
 * All I/O happens on worker threads (GTask); the index's one connection is
 * shared between them under a lock, so jobs run one at a time. Results come
 * back to the main thread as a snapshot, which is merged into the models
 * with the smallest changes, so lists keep their selection and scroll.
 *
 * Every folder has a file monitor; a change anywhere runs an incremental
 * update shortly after (changes come in bursts). When the system runs out
 * of watches, the vault checks for changes periodically instead, and says
 * so once. */

#define UPDATE_DELAY_MS 50  /* an editor's save (write, rename) is one burst */
#define POLL_INTERVAL_S 3
#define CHECK_DELAY_S 10    /* after an update of some notes, a full one */

typedef struct
{
  GMutex    lock;
  GFile    *root;
  char     *cache_dir;
  LecIndex *index;
  GHashTable *topic_items;  /* key → LecTopicItem, as the last update made them */
  guint     done;   /* progress, read by the main thread */
  guint     total;
  /* The first note's page is shown: until then a load does no more than
   * make that note readable (see send_last_state()). */
  GMutex    shown_lock;
  GCond     shown_cond;
  gboolean  shown;
} Worker;

/* How long a load waits for the first note to be shown, at most. */
#define FIRST_NOTE_WAIT_US (2 * G_USEC_PER_SEC)

struct _LecVault
{
  GObject       parent_instance;

  GFile        *root;
  char         *cache_dir;
  Worker       *worker;
  GCancellable *cancellable;

  GListStore   *notes;
  GHashTable   *notes_by_path;  /* path (borrowed) → LecNoteInfo */
  GHashTable   *video_titles;   /* video id → its title in the library */
  GListStore   *channels;
  GListStore   *topics;
  GPtrArray    *problems;
  LecLinkTable *links;
  char         *notice;
  double        progress;
  char         *first_note;   /* the note to make readable first, on a load */

  GHashTable   *monitors;     /* folder path → GFileMonitor */
  GFileMonitor *root_monitor; /* the root itself, in its parent: removed or renamed */
  char         *index_notice; /* the index's last notice, once said */
  GHashTable   *changed;      /* vault paths the monitors saw change since the last update */
  guint         update_id;
  guint         check_id;
  guint         poll_id;
  guint         progress_id;
  guint         loaded : 1;
  guint         readable : 1;
  guint         partial : 1;      /* readable for the first note only */
  guint         updating : 1;
  guint         update_again : 1;
  guint         full_update : 1;  /* something beyond notes changed: walk it all */
  guint         polling : 1;
  guint         missing : 1;      /* the root is gone (removed, renamed, unmounted) */
};

G_DEFINE_FINAL_TYPE (LecVault, lec_vault, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_LOADED,
  PROP_READABLE,
  PROP_PROGRESS,
  PROP_NOTICE,
  PROP_MISSING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void schedule_update (LecVault *self);
static gboolean check_cb (gpointer user_data);

/* --- the worker ------------------------------------------------------------ */

static Worker *
worker_new (GFile      *root,
            const char *cache_dir)
{
  Worker *w = g_atomic_rc_box_new0 (Worker);

  g_mutex_init (&w->lock);
  g_mutex_init (&w->shown_lock);
  g_cond_init (&w->shown_cond);
  w->root = g_object_ref (root);
  w->cache_dir = g_strdup (cache_dir);
  return w;
}

static void
worker_clear (Worker *w)
{
  g_clear_object (&w->index);
  g_clear_pointer (&w->topic_items, g_hash_table_unref);
  g_clear_object (&w->root);
  g_free (w->cache_dir);
  g_mutex_clear (&w->lock);
  g_mutex_clear (&w->shown_lock);
  g_cond_clear (&w->shown_cond);
}

static void
worker_unref (Worker *w)
{
  g_atomic_rc_box_release_full (w, (GDestroyNotify) worker_clear);
}

/* The notes of one video (or of none) of a channel, as the worker groups
 * them for the models. */
typedef struct
{
  char      *id;     /* NULL: the channel's notes without a video */
  char      *title;
  GPtrArray *notes;  /* LecNoteInfo, borrowed from the snapshot, sorted */
} VideoGroup;

typedef struct
{
  char       *name;
  GPtrArray  *videos;    /* VideoGroup */
  GHashTable *by_video;  /* video id, or "" → VideoGroup; while grouping */
} ChannelGroup;

static void
video_group_free (VideoGroup *g)
{
  g_free (g->id);
  g_free (g->title);
  g_ptr_array_unref (g->notes);
  g_free (g);
}

static void
channel_group_free (ChannelGroup *g)
{
  g_free (g->name);
  g_ptr_array_unref (g->videos);
  g_clear_pointer (&g->by_video, g_hash_table_unref);
  g_free (g);
}

typedef struct
{
  GPtrArray     *notes;        /* LecNoteInfo, sorted */
  GHashTable    *by_path;      /* path (borrowed) → LecNoteInfo */
  GPtrArray     *topics;       /* LecTopicItem */
  GPtrArray     *channels;     /* ChannelGroup */
  GPtrArray     *folders;
  GPtrArray     *problems;
  LecLinkTable  *links;
  char          *notice;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  g_clear_pointer (&snap->notes, g_ptr_array_unref);
  g_clear_pointer (&snap->by_path, g_hash_table_unref);
  g_clear_pointer (&snap->topics, g_ptr_array_unref);
  g_clear_pointer (&snap->channels, g_ptr_array_unref);
  g_clear_pointer (&snap->folders, g_ptr_array_unref);
  g_clear_pointer (&snap->problems, g_ptr_array_unref);
  g_clear_pointer (&snap->links, lec_link_table_unref);
  g_free (snap->notice);
  g_free (snap);
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (strings->pdata[i]));
  return copy;
}

static void
worker_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Worker *w = user_data;

  g_atomic_int_set (&w->done, done);
  g_atomic_int_set (&w->total, total);
}

/**
 * lec_vault_note_channel:
 *
 * Returns: the name of the channel that lec_vault_get_channels() lists
 *   @info's note under: its own, or "Other notes"
 */
const char *
lec_vault_note_channel (LecNoteInfo *info)
{
  const char *name;

  g_return_val_if_fail (LEC_IS_NOTE_INFO (info), NULL);

  name = lec_note_info_get_channel (info);
  return name != NULL ? name : _("Other notes");
}

/* Channels → videos → notes. A video's title comes from its channel page,
 * else from its first note; notes without a video gather under "Notes",
 * those without a channel under "Other notes". */
static GPtrArray *
group_notes (GPtrArray  *notes,
             GHashTable *video_titles)
{
  g_autoptr(GHashTable) channels = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) channel_group_free);

  for (guint i = 0; i < notes->len; i++)
    {
      LecNoteInfo *info = notes->pdata[i];
      const char *name = lec_vault_note_channel (info);
      const char *video = lec_note_info_get_video_id (info);
      ChannelGroup *channel;
      VideoGroup *group;

      channel = g_hash_table_lookup (channels, name);
      if (channel == NULL)
        {
          channel = g_new0 (ChannelGroup, 1);
          channel->name = g_strdup (name);
          channel->videos = g_ptr_array_new_with_free_func ((GDestroyNotify) video_group_free);
          channel->by_video = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (channels, channel->name, channel);
          g_ptr_array_add (groups, channel);
        }
      group = g_hash_table_lookup (channel->by_video, video != NULL ? video : "");
      if (group == NULL)
        {
          const char *title = video != NULL ? g_hash_table_lookup (video_titles, video) : NULL;

          group = g_new0 (VideoGroup, 1);
          group->id = g_strdup (video);
          group->title = g_strdup (title != NULL ? title : video != NULL ? lec_note_info_get_title (info) : _("Notes"));
          group->notes = g_ptr_array_new ();
          g_ptr_array_add (channel->videos, group);
          g_hash_table_insert (channel->by_video, group->id != NULL ? group->id : "", group);
        }
      g_ptr_array_add (group->notes, info);
    }

  for (guint i = 0; i < groups->len; i++)
    g_clear_pointer (&((ChannelGroup *) groups->pdata[i])->by_video, g_hash_table_unref);
  return groups;
}

/* An update's task data: the worker, and the vault paths to look at (NULL:
 * all of it). */
typedef struct
{
  Worker    *worker;
  GPtrArray *paths;
  gboolean   first;    /* the load: what the index held is shown first */
  char      *first_note;  /* the note of it shown first, if known */
  gboolean   missing;  /* the update failed for want of the root */
} UpdateData;

/* What the index held before the load's update, for the main thread. */
typedef struct
{
  LecVault     *vault;
  GHashTable   *by_path;
  LecLinkTable *links;
  gboolean      partial;
} Readable;

static void
readable_free (Readable *r)
{
  g_object_unref (r->vault);
  g_clear_pointer (&r->by_path, g_hash_table_unref);
  lec_link_table_unref (r->links);
  g_free (r);
}

static gboolean
readable_cb (gpointer user_data)
{
  Readable *r = user_data;
  LecVault *self = r->vault;

  /* The load may have finished first, with newer facts. */
  if (self->loaded || (self->readable && !self->partial))
    return G_SOURCE_REMOVE;
  g_hash_table_unref (self->notes_by_path);
  self->notes_by_path = g_steal_pointer (&r->by_path);
  g_clear_pointer (&self->links, lec_link_table_unref);
  self->links = lec_link_table_ref (r->links);
  self->partial = r->partial;
  /* Readable already, for the first note: the rest of the notes come
   * without a second notification. */
  if (self->readable)
    return G_SOURCE_REMOVE;
  self->readable = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READABLE]);
  return G_SOURCE_REMOVE;
}

/* Notes and links from the index for the main thread, @partial when they
 * serve only the first note. */
static void
send_state (GTask        *task,
            GPtrArray    *notes,
            LecLinkTable *links,
            gboolean      partial)
{
  GSource *source;
  Readable *r;

  r = g_new0 (Readable, 1);
  r->partial = partial;
  r->vault = g_object_ref (g_task_get_source_object (task));
  r->links = links;
  r->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < notes->len; i++)
    g_hash_table_insert (r->by_path, (gpointer) lec_note_info_get_path (notes->pdata[i]),
                         g_object_ref (notes->pdata[i]));
  /* Always from the main loop: g_main_context_invoke() would run it on
   * this thread whenever it could take the context between two
   * iterations of the main thread's. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, readable_cb, r, (GDestroyNotify) readable_free);
  g_source_set_static_name (source, "[lectern] vault readable");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* Reopening a folder, the notes and links as the last update left them
 * go to the main thread before this one looks for changes: a note can be
 * shown with them right away, while the walk, the topics and the library
 * (whose cost grows with the vault) are made. The note asked for first
 * goes before them: it needs a few rows of the index, where the whole
 * last state grows with the vault (0.4 s at 23,770 notes). */
static void
worker_set_shown (Worker *w)
{
  g_mutex_lock (&w->shown_lock);
  w->shown = TRUE;
  g_cond_broadcast (&w->shown_cond);
  g_mutex_unlock (&w->shown_lock);
}

/* The note's page is starting a web process of its own: what follows
 * here would take a processor from it, and the reader waits for the
 * page, not for the rest. */
static void
wait_until_shown (Worker *w)
{
  gint64 until = g_get_monotonic_time () + FIRST_NOTE_WAIT_US;

  g_mutex_lock (&w->shown_lock);
  while (!w->shown)
    if (!g_cond_wait_until (&w->shown_cond, &w->shown_lock, until))
      break;
  g_mutex_unlock (&w->shown_lock);
}

static void
send_last_state (GTask      *task,
                 Worker     *w,
                 const char *first_note)
{
  g_autoptr(GPtrArray) notes = NULL;
  LecLinkTable *links = NULL;

  if (first_note != NULL && lec_index_note_state (w->index, first_note, &notes, &links))
    {
      send_state (task, notes, links, TRUE);
      g_clear_pointer (&notes, g_ptr_array_unref);
      wait_until_shown (w);
    }
  if (lec_index_last_state (w->index, &notes, &links))
    send_state (task, notes, links, FALSE);
}

static void
update_data_free (UpdateData *data)
{
  worker_unref (data->worker);
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_free (data->first_note);
  g_free (data);
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UpdateData *data = task_data;
  Worker *w = data->worker;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&w->lock);
  gint64 t_start = g_get_monotonic_time (), t_indexed, t_listed, t_topics;
  Snapshot *snap;

  if (w->index == NULL)
    {
      w->index = lec_index_open (w->root, w->cache_dir, &error);
      if (w->index == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (data->first)
    send_last_state (task, w, data->first_note);

  snap = g_new0 (Snapshot, 1);
  /* No statistics: counting them took a quarter of a second at 25,000
   * notes, for nothing the models show. */
  if (data->paths != NULL
      ? !lec_index_update_paths (w->index, data->paths, worker_progress, w, cancellable, &error)
      : !lec_index_update (w->index, worker_progress, w, NULL, cancellable, &error))
    {
      data->missing = !lec_walk_check_root (w->root, NULL);
      snapshot_free (snap);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  t_indexed = g_get_monotonic_time ();
  snap->notes = lec_index_list_notes (w->index);
  /* What the models need is made here too, off the main thread: at
   * 25,000 notes, it held the window up for a tenth of a second per
   * update. */
  snap->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < snap->notes->len; i++)
    {
      LecNoteInfo *info = snap->notes->pdata[i];

      g_hash_table_insert (snap->by_path, (gpointer) lec_note_info_get_path (info), g_object_ref (info));
    }
  t_listed = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) topics = lec_index_topics (w->index, NULL);
    GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

    /* The items of topics that did not change are those of the last
     * update: the models then keep them without a look. */
    snap->topics = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; topics != NULL && i < topics->len; i++)
      {
        LecTopic *t = topics->pdata[i];
        LecTopicItem *item = w->topic_items != NULL ? g_hash_table_lookup (w->topic_items, t->key) : NULL;

        if (item != NULL && lec_topic_item_get_notes (item) == t->notes &&
            g_strcmp0 (lec_topic_item_get_name (item), t->name) == 0 &&
            g_strcmp0 (lec_topic_item_get_path (item), t->path) == 0)
          g_object_ref (item);
        else
          item = lec_topic_item_new (t->name, t->key, t->path, t->notes);
        g_ptr_array_add (snap->topics, item);
        g_hash_table_replace (items, (gpointer) lec_topic_item_get_key (item), g_object_ref (item));
      }
    g_clear_pointer (&w->topic_items, g_hash_table_unref);
    w->topic_items = items;
  }
  t_topics = g_get_monotonic_time ();
  {
    g_autoptr(GHashTable) video_titles = lec_index_video_titles (w->index);

    snap->channels = group_notes (snap->notes, video_titles);
  }
  snap->folders = copy_strings (lec_index_get_folders (w->index));
  snap->problems = copy_strings (lec_index_problems (w->index));
  snap->links = lec_index_dup_link_table (w->index);
  snap->notice = g_strdup (lec_index_get_notice (w->index));
  /* Until the next update, only searches and pages read the index. */
  lec_index_settle (w->index);
  /* Where an update's time goes, for G_MESSAGES_DEBUG=lec-vault. */
  g_debug ("updated: index %d ms, notes %d ms, topics %d ms, the rest %d ms",
           (int) ((t_indexed - t_start) / 1000), (int) ((t_listed - t_indexed) / 1000),
           (int) ((t_topics - t_listed) / 1000), (int) ((g_get_monotonic_time () - t_topics) / 1000));

  g_task_return_pointer (task, snap, (GDestroyNotify) snapshot_free);
}

/* --- merging a snapshot into the models -------------------------------------- */

typedef int      (*CompareFunc) (gpointer a, gpointer b);
typedef gboolean (*SameFunc)    (gpointer a, gpointer b);

/* Makes @store hold @items (both sorted by @compare) with the fewest
 * changes: items that compare equal and are the same (@same) are kept. */
static void
sync_store (GListStore  *store,
            GPtrArray   *items,
            CompareFunc  compare,
            SameFunc     same)
{
  guint i = 0, j = 0;

  while (j < items->len)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), i);
      int cmp;

      if (old == NULL)
        {
          g_list_store_splice (store, i, 0, items->pdata + j, items->len - j);
          return;
        }
      /* The same object: most of them, from one update to the next. */
      if ((gpointer) old == items->pdata[j])
        {
          i++, j++;
          continue;
        }

      cmp = compare (old, items->pdata[j]);
      if (cmp < 0)
        g_list_store_remove (store, i);
      else if (cmp > 0)
        {
          g_list_store_insert (store, i, items->pdata[j]);
          i++, j++;
        }
      else
        {
          if (!same (old, items->pdata[j]))
            g_list_store_splice (store, i, 1, items->pdata + j, 1);
          i++, j++;
        }
    }

  if (i < g_list_model_get_n_items (G_LIST_MODEL (store)))
    g_list_store_splice (store, i, g_list_model_get_n_items (G_LIST_MODEL (store)) - i, NULL, 0);
}

static int
compare_notes (gpointer a,
               gpointer b)
{
  return lec_note_info_compare (a, b, NULL);
}

static gboolean
same_notes (gpointer a,
            gpointer b)
{
  return lec_note_info_equal (a, b);
}

static int
compare_topics (gpointer a,
                gpointer b)
{
  LecTopicItem *ta = a, *tb = b;

  if (lec_topic_item_get_notes (ta) != lec_topic_item_get_notes (tb))
    return lec_topic_item_get_notes (ta) > lec_topic_item_get_notes (tb) ? -1 : 1;
  return g_strcmp0 (lec_topic_item_get_key (ta), lec_topic_item_get_key (tb));
}

static gboolean
same_topics (gpointer a,
             gpointer b)
{
  return g_strcmp0 (lec_topic_item_get_name (a), lec_topic_item_get_name (b)) == 0 &&
         g_strcmp0 (lec_topic_item_get_path (a), lec_topic_item_get_path (b)) == 0;
}

static int
compare_names (gpointer a,
               gpointer b)
{
  return strcmp (lec_channel_get_sort_key (a), lec_channel_get_sort_key (b));
}

static gboolean
same_object (gpointer a,
             gpointer b)
{
  return a == b;
}

static int compare_videos (gpointer a, gpointer b);
static int compare_names (gpointer a, gpointer b);

static int
compare_video_ptrs (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_videos (*(gpointer *) a, *(gpointer *) b);
}

static int
compare_channel_ptrs (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return compare_names (*(gpointer *) a, *(gpointer *) b);
}

static int
compare_videos (gpointer a,
                gpointer b)
{
  int cmp = strcmp (lec_video_get_sort_key (a), lec_video_get_sort_key (b));

  return cmp != 0 ? cmp : g_strcmp0 (lec_video_get_id (a), lec_video_get_id (b));
}

static void
apply_topics (LecVault *self,
              Snapshot *snap)
{
  sync_store (self->topics, snap->topics, compare_topics, same_topics);
}

/* Puts the worker's grouping (group_notes()) into the channel and video
 * models, keeping the objects they already have. */
static void
apply_channels (LecVault *self,
                Snapshot *snap)
{
  g_autoptr(GPtrArray) channel_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_channels = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_remove_all (self->video_titles);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->channels)); i++)
    {
      g_autoptr(LecChannel) c = g_list_model_get_item (G_LIST_MODEL (self->channels), i);

      g_hash_table_insert (old_channels, (gpointer) lec_channel_get_name (c), c);
    }

  for (guint i = 0; i < snap->channels->len; i++)
    {
      ChannelGroup *group = snap->channels->pdata[i];
      LecChannel *channel = g_hash_table_lookup (old_channels, group->name);
      g_autoptr(GPtrArray) video_items = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GHashTable) old_videos = g_hash_table_new (g_str_hash, g_str_equal);
      GListModel *videos;

      channel = channel != NULL ? g_object_ref (channel) : lec_channel_new (group->name);
      g_ptr_array_add (channel_items, channel);
      videos = G_LIST_MODEL (lec_channel_get_videos (channel));
      for (guint j = 0; j < g_list_model_get_n_items (videos); j++)
        {
          g_autoptr(LecVideo) v = g_list_model_get_item (videos, j);
          const char *id = lec_video_get_id (v);

          g_hash_table_insert (old_videos, (gpointer) (id != NULL ? id : ""), v);
        }

      for (guint j = 0; j < group->videos->len; j++)
        {
          VideoGroup *vgroup = group->videos->pdata[j];
          LecVideo *video = g_hash_table_lookup (old_videos, vgroup->id != NULL ? vgroup->id : "");

          video = video != NULL ? g_object_ref (video) : lec_video_new (vgroup->id, vgroup->title);
          lec_video_set_title (video, vgroup->title);
          if (vgroup->id != NULL)
            g_hash_table_replace (self->video_titles, g_strdup (vgroup->id), g_strdup (vgroup->title));
          sync_store (lec_video_get_notes (video), vgroup->notes, compare_notes, same_notes);
          g_ptr_array_add (video_items, video);
        }

      g_ptr_array_sort_with_data (video_items, (GCompareDataFunc) compare_video_ptrs, NULL);
      sync_store (lec_channel_get_videos (channel), video_items, compare_videos, same_object);
    }

  g_ptr_array_sort_with_data (channel_items, (GCompareDataFunc) compare_channel_ptrs, NULL);
  sync_store (self->channels, channel_items, compare_names, same_object);
}
/* --- watching the folders ------------------------------------------------------ */

static gboolean
poll_cb (gpointer user_data)
{
  LecVault *self = user_data;

  self->full_update = TRUE;
  schedule_update (self);
  return G_SOURCE_CONTINUE;
}

/* Out of watches: look for changes every few seconds instead, and say so
 * once. */
static void
start_polling (LecVault     *self,
               const GError *error)
{
  if (self->polling)
    return;
  self->polling = TRUE;
  g_message ("Cannot watch every folder (%s); checking for changes every %d s instead",
             error != NULL ? error->message : "limit reached", POLL_INTERVAL_S);
  g_free (self->notice);
  self->notice = g_strdup_printf (_("Live updates are slower: the system cannot watch more folders, so Lectern "
                                    "looks for changes every %d seconds"), POLL_INTERVAL_S);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTICE]);
  self->poll_id = g_timeout_add_seconds (POLL_INTERVAL_S, poll_cb, self);
}

/* Notes @file (in the vault) as changed; FALSE when it is hidden, so that
 * no update needs to look at it. */
static gboolean
note_changed (LecVault *self,
              GFile    *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  char *path;

  if (name == NULL || name[0] == '.')
    return FALSE;
  path = g_file_get_relative_path (self->root, file);
  if (path == NULL)
    {
      /* The vault itself, or a place outside it. */
      self->full_update = TRUE;
      return TRUE;
    }
  if (self->changed == NULL)
    self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->changed, path);
  return TRUE;
}

/* Editors save in many ways (write in place; write a hidden copy and
 * rename it over the note): the paths on both sides of a move count. */
static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   LecVault          *self)
{
  gboolean wanted;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  wanted = note_changed (self, file);
  wanted |= other != NULL && note_changed (self, other);
  if (wanted)
    schedule_update (self);
}

/* GLib's monitors do not tell when the system is out of inotify watches
 * (fs.inotify.max_user_watches): a monitor made then is silently deaf. One
 * watch more, taken and given back at once, tells whether any is left. */
static gboolean
out_of_watches (LecVault *self)
{
#ifdef __linux__
  const char *path = g_file_peek_path (self->root);
  gboolean out;
  int fd, wd;

  if (path == NULL || (fd = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK)) < 0)
    return FALSE;
  wd = inotify_add_watch (fd, path, IN_ONLYDIR | IN_CREATE);
  out = wd < 0 && errno == ENOSPC;
  close (fd);
  return out;
#else
  return FALSE;
#endif
}

/* The root removed, renamed or back: the folder monitors cannot tell
 * (the root's own monitor follows it where it went). */
static void
on_root_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 LecVault          *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;
  self->full_update = TRUE;
  schedule_update (self);
}

static void
watch_folders (LecVault  *self,
               GPtrArray *folders)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  const char *limit_env = g_getenv ("LECTERN_MAX_FOLDER_WATCHES");
  guint limit = limit_env != NULL ? (guint) g_ascii_strtoull (limit_env, NULL, 10) : G_MAXUINT;
  guint added = 0;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_add (wanted, (gpointer) "");
  for (guint i = 0; i < folders->len; i++)
    g_hash_table_add (wanted, folders->pdata[i]);

  /* Folders that went away. */
  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_hash_table_iter_remove (&iter);

  if (self->root_monitor == NULL)
    {
      self->root_monitor = g_file_monitor_file (self->root, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (self->root_monitor != NULL)
        g_signal_connect_object (self->root_monitor, "changed", G_CALLBACK (on_root_changed), self, 0);
    }

  if (self->polling)
    return;

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GFile) dir = NULL;
      g_autoptr(GError) error = NULL;
      GFileMonitor *monitor;

      if (g_hash_table_contains (self->monitors, key))
        continue;
      if (g_hash_table_size (self->monitors) >= limit)
        {
          start_polling (self, NULL);
          return;
        }

      dir = *(const char *) key != '\0' ? g_file_resolve_relative_path (self->root, key) : g_object_ref (self->root);
      monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (monitor == NULL)
        {
          start_polling (self, error);
          return;
        }
      g_signal_connect_object (monitor, "changed", G_CALLBACK (on_folder_changed), self, 0);
      g_hash_table_insert (self->monitors, g_strdup (key), monitor);
      added++;
    }

  if (added > 0 && out_of_watches (self))
    start_polling (self, NULL);
}

/* --- loading and updating ----------------------------------------------------- */

/* The root gone, or back. Gone, its folders' monitors are dropped (those
 * of a folder removed are dead), to be made anew when it is back. */
static void
set_missing (LecVault *self,
             gboolean  missing)
{
  if (self->missing == missing)
    return;
  self->missing = missing;
  if (missing)
    g_hash_table_remove_all (self->monitors);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MISSING]);
}

static void
apply_snapshot (LecVault *self,
                Snapshot *snap)
{
  sync_store (self->notes, snap->notes, compare_notes, same_notes);
  g_hash_table_unref (self->notes_by_path);
  self->notes_by_path = g_steal_pointer (&snap->by_path);
  apply_channels (self, snap);
  apply_topics (self, snap);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&snap->problems);
  g_clear_pointer (&self->links, lec_link_table_unref);
  self->links = g_steal_pointer (&snap->links);

  /* The index's notice stays until it has another: said once. */
  if (snap->notice != NULL && g_strcmp0 (snap->notice, self->index_notice) != 0)
    {
      g_free (self->index_notice);
      self->index_notice = g_strdup (snap->notice);
      g_free (self->notice);
      self->notice = g_strdup (snap->notice);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTICE]);
    }
  set_missing (self, FALSE);

  watch_folders (self, snap->folders);
}

static gboolean
progress_cb (gpointer user_data)
{
  LecVault *self = user_data;
  guint done, total;
  double progress;

  lec_vault_get_progress_counts (self, &done, &total);
  progress = total > 0 ? (double) done / total : 0.0;

  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
    }
  return G_SOURCE_CONTINUE;
}

/* Starts an update of the vault paths seen changed, or of the whole vault
 * when something else changed (or nothing was seen: a load, a poll). */
static void
start_update_task (LecVault            *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  UpdateData *data = g_new0 (UpdateData, 1);

  data->worker = g_atomic_rc_box_acquire (self->worker);
  data->first = !self->loaded && !self->readable;
  data->first_note = data->first ? g_strdup (self->first_note) : NULL;
  if (self->changed != NULL && !self->full_update && !self->polling)
    {
      GHashTableIter iter;
      gpointer key;

      data->paths = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_iter_init (&iter, self->changed);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_ptr_array_add (data->paths, key);
          g_hash_table_iter_steal (&iter);
        }
    }
  g_clear_pointer (&self->changed, g_hash_table_unref);
  self->full_update = FALSE;
  if (data->paths == NULL)
    g_clear_handle_id (&self->check_id, g_source_remove);

  self->updating = TRUE;
  g_task_set_source_tag (task, start_update_task);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

static void
update_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LecVault *self = LEC_VAULT (object);
  g_autoptr(GError) error = NULL;
  Snapshot *snap = g_task_propagate_pointer (G_TASK (result), &error);
  gint64 t_start;

  self->updating = FALSE;
  if (snap == NULL)
    {
      /* A folder removed or unmounted while open is a state, not a bug:
       * say so once, and keep what was shown. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gboolean said = g_strcmp0 (self->notice, error->message) == 0;

          if (!said)
            {
              g_message ("Updating %s failed: %s", g_file_peek_path (self->root), error->message);
              g_free (self->notice);
              self->notice = g_strdup (error->message);
            }
          set_missing (self, ((UpdateData *) g_task_get_task_data (G_TASK (result)))->missing);
          if (!said)
            g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTICE]);
        }
      return;
    }

  t_start = g_get_monotonic_time ();
  apply_snapshot (self, snap);
  g_debug ("models updated in %d ms", (int) ((g_get_monotonic_time () - t_start) / 1000));
  snapshot_free (snap);
  g_signal_emit (self, signals [CHANGED], 0);

  /* An update of some notes trusted the monitors to have seen every
   * change; a full one a little later makes sure. */
  if (((UpdateData *) g_task_get_task_data (G_TASK (result)))->paths != NULL)
    {
      g_clear_handle_id (&self->check_id, g_source_remove);
      self->check_id = g_timeout_add_seconds (CHECK_DELAY_S, check_cb, self);
    }

  if (self->update_again)
    {
      self->update_again = FALSE;
      schedule_update (self);
    }
}

static gboolean
check_cb (gpointer user_data)
{
  LecVault *self = user_data;

  self->check_id = 0;
  self->full_update = TRUE;
  schedule_update (self);
  return G_SOURCE_REMOVE;
}

static gboolean
update_cb (gpointer user_data)
{
  LecVault *self = user_data;

  self->update_id = 0;
  if (self->updating)
    {
      self->update_again = TRUE;
      return G_SOURCE_REMOVE;
    }
  start_update_task (self, self->cancellable, update_done, NULL);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (an editor writes, renames, touches): wait a
 * moment, then update once. */
static void
schedule_update (LecVault *self)
{
  if (!self->loaded)
    return;
  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_DELAY_MS, update_cb, self);
}

/**
 * lec_vault_set_first_note:
 * @path: (nullable): a note's vault path
 *
 * The note the caller will show first when this vault is reopened: the
 * load makes it readable before the rest of what the index holds. Set it
 * before lec_vault_load_async().
 */
void
lec_vault_set_first_note (LecVault   *self,
                          const char *path)
{
  g_return_if_fail (LEC_IS_VAULT (self));

  g_free (self->first_note);
  self->first_note = g_strdup (path);
}

/**
 * lec_vault_first_note_shown:
 *
 * Tells the load that the first note (lec_vault_set_first_note()) is on
 * the screen: reopening a folder, the load reads the rest of the index
 * and looks for changes only then (or two seconds after making that note
 * readable, at the latest).
 */
void
lec_vault_first_note_shown (LecVault *self)
{
  g_return_if_fail (LEC_IS_VAULT (self));

  worker_set_shown (self->worker);
}

/**
 * lec_vault_load_async:
 *
 * Opens the vault's index and brings it up to date on a worker thread; the
 * models fill on the caller's thread when it completes, and stay current
 * from then on. #LecVault:progress tells how far the first indexing is.
 */
void
lec_vault_load_async (LecVault            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (LEC_IS_VAULT (self));

  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel),
                           g_object_ref (self->cancellable), g_object_unref);
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add (100, progress_cb, self);
  start_update_task (self, self->cancellable, callback, user_data);
}

gboolean
lec_vault_load_finish (LecVault      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  Snapshot *snap;

  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->updating = FALSE;
  g_clear_handle_id (&self->progress_id, g_source_remove);

  snap = g_task_propagate_pointer (G_TASK (result), error);
  if (snap == NULL)
    return FALSE;

  apply_snapshot (self, snap);
  snapshot_free (snap);
#ifdef __GLIBC__
  /* What the load made and freed (the snapshot, the walk's and the
   * first build's buffers) goes back to the system, not only to the
   * allocator: 7 MB of 23,770 notes. */
  malloc_trim (0);
#endif

  self->loaded = TRUE;
  self->progress = 1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
  if (!self->readable)
    {
      self->readable = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READABLE]);
    }
  g_signal_emit (self, signals [CHANGED], 0);

  if (self->update_again)
    {
      self->update_again = FALSE;
      schedule_update (self);
    }

  return TRUE;
}

/* --- search --------------------------------------------------------------------- */

/* A question for the index, asked on a worker thread while the index is
 * not being updated: a search, or the backlinks of a note. */
typedef GPtrArray *(*QueryFunc) (LecIndex    *index,
                                 const char  *text,
                                 guint        limit,
                                 GError     **error);

typedef struct
{
  Worker    *worker;
  QueryFunc  run;
  char      *text;
  guint      limit;
  guint      offset;  /* searches: the hits passed over */
  guint      total;   /* searches from the first hit: how many notes match */
} QueryJob;

static void
query_job_free (QueryJob *job)
{
  worker_unref (job->worker);
  g_free (job->text);
  g_free (job);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryJob *job = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&job->worker->lock);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  if (job->worker->index == NULL)
    {
      g_task_return_new_error (task, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("The notes folder is not indexed yet"));
      return;
    }

  rows = job->run (job->worker->index, job->text, job->limit, &error);
  if (rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/* A search: the hits asked for and, for the first page, how many notes
 * match in all (one COUNT, not a query per hit). */
static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  QueryJob *job = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&job->worker->lock);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (job->worker->index == NULL)
    {
      g_task_return_new_error (task, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("The notes folder is not indexed yet"));
      return;
    }

  rows = lec_index_search_range (job->worker->index, job->text, job->offset, job->limit, &error);
  if (rows != NULL && job->offset == 0 &&
      !lec_index_count_matches (job->worker->index, job->text, &job->total, &error))
    g_clear_pointer (&rows, g_ptr_array_unref);
  if (rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

/* A query that met damage in the index: the next update rebuilds it. */
static void
check_damage (LecVault     *self,
              const GError *error)
{
  if (g_error_matches (error, LEC_ERROR, LEC_ERROR_DAMAGED))
    {
      self->full_update = TRUE;
      schedule_update (self);
    }
}

static void
start_query (LecVault            *self,
             gpointer             source_tag,
             QueryFunc            run,
             const char          *text,
             guint                limit,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  QueryJob *job = g_new0 (QueryJob, 1);

  job->worker = g_atomic_rc_box_acquire (self->worker);
  job->run = run;
  job->text = g_strdup (text);
  job->limit = limit;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) query_job_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * lec_vault_search_async:
 * @query: what the user typed; never a syntax error
 *
 * Searches the vault's index on a worker thread.
 */
void
lec_vault_search_async (LecVault            *self,
                        const char          *query,
                        guint                limit,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  lec_vault_search_range_async (self, query, 0, limit, cancellable, callback, user_data);
}

/**
 * lec_vault_search_range_async:
 * @query: what the user typed; never a syntax error
 * @offset: how many of the best hits to pass over: 0 for a new search,
 *   the hits shown for the next page
 *
 * Searches the vault's index on a worker thread; a new search (@offset
 * 0) also counts the notes it finds.
 */
void
lec_vault_search_range_async (LecVault            *self,
                              const char          *query,
                              guint                offset,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryJob *job;

  g_return_if_fail (LEC_IS_VAULT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  job = g_new0 (QueryJob, 1);
  job->worker = g_atomic_rc_box_acquire (self->worker);
  job->text = g_strdup (query);
  job->limit = limit;
  job->offset = offset;
  g_task_set_source_tag (task, lec_vault_search_range_async);
  g_task_set_task_data (task, job, (GDestroyNotify) query_job_free);
  g_task_run_in_thread (task, search_thread);
}

/**
 * lec_vault_search_finish:
 *
 * Returns: (transfer full): a model of #LecSearchResult, best first
 */
GListModel *
lec_vault_search_finish (LecVault      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return lec_vault_search_range_finish (self, result, NULL, error);
}

/**
 * lec_vault_search_range_finish:
 * @total: (out) (optional): for a new search, how many notes it finds
 *
 * Returns: (transfer full): a #GListStore of #LecSearchResult, best first
 */
GListModel *
lec_vault_search_range_finish (LecVault      *self,
                               GAsyncResult  *result,
                               guint         *total,
                               GError       **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) local_error = NULL;
  GListStore *store;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  hits = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (total != NULL && hits != NULL)
    {
      QueryJob *job = g_task_get_task_data (G_TASK (result));

      *total = job->offset == 0 ? job->total : 0;
    }
  if (hits == NULL)
    {
      check_damage (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  store = g_list_store_new (LEC_TYPE_SEARCH_RESULT);
  for (guint i = 0; i < hits->len; i++)
    {
      LecSearchHit *hit = hits->pdata[i];
      g_autoptr(LecSearchResult) item = lec_search_result_new (hit->path, hit->title, hit->snippet, hit->seconds);
      LecNoteInfo *info = g_hash_table_lookup (self->notes_by_path, hit->path);
      const char *video = info != NULL ? lec_note_info_get_video_id (info) : NULL;
      const char *video_title = video != NULL ? g_hash_table_lookup (self->video_titles, video) : NULL;

      /* A video known by its one note's title alone says nothing more. */
      if (g_strcmp0 (video_title, hit->title) != 0)
        lec_search_result_set_video_title (item, video_title);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

static GPtrArray *
backlinks (LecIndex    *index,
           const char  *path,
           guint        limit,
           GError     **error)
{
  return lec_index_backlinks (index, path, error);
}

/**
 * lec_vault_backlinks_async:
 * @path: a note's path in the vault
 *
 * Finds the notes that link to @path, on a worker thread.
 */
void
lec_vault_backlinks_async (LecVault            *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (LEC_IS_VAULT (self));
  g_return_if_fail (path != NULL);

  start_query (self, lec_vault_backlinks_async, backlinks, path, 0, cancellable, callback, user_data);
}

/**
 * lec_vault_backlinks_finish:
 *
 * Returns: (transfer full) (element-type utf8): the paths of the notes
 *   linking to the note, sorted
 */
GPtrArray *
lec_vault_backlinks_finish (LecVault      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *paths;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  paths = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (paths == NULL)
    {
      check_damage (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return paths;
}

/* --- topic pages ------------------------------------------------------------ */

typedef struct
{
  Worker       *worker;
  LecVault     *vault;
  LecLinkTable *links;
  char         *key;
  char         *name;
  char         *note_path;
} TopicJob;

static void
topic_job_free (TopicJob *job)
{
  worker_unref (job->worker);
  g_clear_object (&job->vault);
  g_clear_pointer (&job->links, lec_link_table_unref);
  g_free (job->key);
  g_free (job->name);
  g_free (job->note_path);
  g_free (job);
}

static void
topic_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TopicJob *job = task_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  LecTopicPage *page;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&job->worker->lock);

    if (job->worker->index == NULL)
      {
        g_task_return_new_error (task, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("The notes folder is not indexed yet"));
        return;
      }
    rows = lec_index_mentioning (job->worker->index, job->key, &error);
  }
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  page = lec_topic_page_new (job->key, job->name, job->note_path);
  for (guint i = 0; i < rows->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const LecMentioningNote *row = rows->pdata[i];
      g_autoptr(GFile) file = lec_vault_resolve_path (job->vault, row->path, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(LecNote) note = NULL;
      LecVaultLinks links = { job->vault, job->links, row->path };
      LecNoteEnv env = lec_vault_links_env (&links);

      /* A note gone or unreadable since it was indexed is left out. */
      if (file == NULL || !lec_note_load_file (file, &bytes, cancellable, NULL))
        continue;
      /* Only its links are wanted: nothing embedded is read. */
      env.load = NULL;
      note = lec_note_new_full (row->path, bytes, &env);
      lec_topic_page_add_note (page, row, note);
    }

  if (g_task_return_error_if_cancelled (task))
    lec_topic_page_free (page);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) lec_topic_page_free);
}

/**
 * lec_vault_dup_topic_name:
 * @key: a topic's key: the path of its note, or the slug of its name
 *
 * Returns: (transfer full): the topic's name: its note's title, else the
 *   name the topics list gives it (its target as links write it), else
 *   its slug made readable
 */
char *
lec_vault_dup_topic_name (LecVault   *self,
                          const char *key)
{
  GListModel *topics;
  LecNoteInfo *info;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  info = lec_vault_find_note (self, key);
  if (info != NULL)
    return g_strdup (lec_note_info_get_title (info));
  topics = G_LIST_MODEL (self->topics);
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(LecTopicItem) topic = g_list_model_get_item (topics, i);

      if (g_strcmp0 (lec_topic_item_get_key (topic), key) == 0)
        return g_strdup (lec_topic_item_get_name (topic));
    }
  return lec_humanize_slug (key);
}

/**
 * lec_vault_topic_page_async:
 * @key: a topic's key: the path of its note, or the slug of its name
 *
 * Gathers a topic's page on a worker thread: every note that mentions
 * it, each mention in its sentence with its timestamp.
 */
void
lec_vault_topic_page_async (LecVault            *self,
                            const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TopicJob *job = g_new0 (TopicJob, 1);
  LecNoteInfo *info;

  g_return_if_fail (LEC_IS_VAULT (self));
  g_return_if_fail (key != NULL);

  info = lec_vault_find_note (self, key);
  job->worker = g_atomic_rc_box_acquire (self->worker);
  job->vault = g_object_ref (self);
  job->links = lec_vault_dup_link_table (self);
  job->key = g_strdup (key);
  job->name = lec_vault_dup_topic_name (self, key);
  job->note_path = info != NULL ? g_strdup (key) : NULL;
  g_task_set_source_tag (task, lec_vault_topic_page_async);
  g_task_set_task_data (task, job, (GDestroyNotify) topic_job_free);
  g_task_run_in_thread (task, topic_thread);
}

/**
 * lec_vault_topic_page_finish:
 *
 * Returns: (transfer full): the topic's page
 */
LecTopicPage *
lec_vault_topic_page_finish (LecVault      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  LecTopicPage *page;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  page = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (page == NULL)
    {
      check_damage (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return page;
}

/* --- the object -------------------------------------------------------------------- */

static void
lec_vault_dispose (GObject *object)
{
  LecVault *self = (LecVault *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->worker != NULL)
    worker_set_shown (self->worker);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_object (&self->root_monitor);

  G_OBJECT_CLASS (lec_vault_parent_class)->dispose (object);
}

static void
lec_vault_finalize (GObject *object)
{
  LecVault *self = (LecVault *)object;

  g_clear_object (&self->root);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->worker, worker_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->notes);
  g_clear_pointer (&self->notes_by_path, g_hash_table_unref);
  g_clear_pointer (&self->video_titles, g_hash_table_unref);
  g_clear_object (&self->channels);
  g_clear_object (&self->topics);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->links, lec_link_table_unref);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->first_note, g_free);
  g_clear_pointer (&self->index_notice, g_free);
  g_clear_pointer (&self->changed, g_hash_table_unref);

  G_OBJECT_CLASS (lec_vault_parent_class)->finalize (object);
}

static void
lec_vault_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LecVault *self = LEC_VAULT (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_READABLE:
      g_value_set_boolean (value, self->readable);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    case PROP_MISSING:
      g_value_set_boolean (value, self->missing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_vault_class_init (LecVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lec_vault_dispose;
  object_class->finalize = lec_vault_finalize;
  object_class->get_property = lec_vault_get_property;

  properties [PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL, G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LecVault:readable:
   *
   * Whether notes can be found (lec_vault_find_note()) and shown with
   * their links. Reopening a folder, this comes before #LecVault:loaded:
   * with the notes and links the last update left, while the load looks
   * for changes and fills the models. With a first note set
   * (lec_vault_set_first_note()), it comes sooner: at first only that
   * note and the notes it links to can be found.
   */
  properties [PROP_READABLE] =
    g_param_spec_boolean ("readable", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LecVault:missing:
   *
   * The folder went away while open (removed, renamed, unmounted): the
   * models keep what they had, and fill again if it comes back.
   */
  properties [PROP_MISSING] =
    g_param_spec_boolean ("missing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LecVault::changed:
   *
   * The models were brought up to date with the folder.
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lec_vault_init (LecVault *self)
{
  self->notes = g_list_store_new (LEC_TYPE_NOTE_INFO);
  self->notes_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->video_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->channels = g_list_store_new (LEC_TYPE_CHANNEL);
  self->topics = g_list_store_new (LEC_TYPE_TOPIC_ITEM);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/**
 * lec_vault_new_with_cache:
 * @cache_dir: (nullable): where the index lives; by default the user's
 *   cache directory
 */
LecVault *
lec_vault_new_with_cache (GFile      *root,
                          const char *cache_dir)
{
  LecVault *self;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  self = g_object_new (LEC_TYPE_VAULT, NULL);
  self->root = g_object_ref (root);
  self->cache_dir = g_strdup (cache_dir);
  self->worker = worker_new (root, cache_dir);
  return self;
}

LecVault *
lec_vault_new (GFile *root)
{
  return lec_vault_new_with_cache (root, NULL);
}

GFile *
lec_vault_get_root (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->root;
}

/* The name people know the vault by: its folder's display name. */
char *
lec_vault_dup_name (LecVault *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  base = g_file_get_basename (self->root);
  return g_filename_display_name (base != NULL ? base : "/");
}

/**
 * lec_vault_get_notes:
 *
 * Returns: (transfer none): a #GListModel of #LecNoteInfo, sorted by title
 */
GListModel *
lec_vault_get_notes (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return G_LIST_MODEL (self->notes);
}

/**
 * lec_vault_find_note:
 * @path: a note's path in the vault
 *
 * Returns: (transfer none) (nullable): the note at @path, as the notes
 *   model has it, or %NULL
 */
LecNoteInfo *
lec_vault_find_note (LecVault   *self,
                     const char *path)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_hash_table_lookup (self->notes_by_path, path);
}

/**
 * lec_vault_get_channels:
 *
 * Returns: (transfer none): a #GListModel of #LecChannel, by name
 */
GListModel *
lec_vault_get_channels (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return G_LIST_MODEL (self->channels);
}

/**
 * lec_vault_get_topics:
 *
 * Returns: (transfer none): a #GListModel of #LecTopicItem, most
 *   mentioned first
 */
GListModel *
lec_vault_get_topics (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return G_LIST_MODEL (self->topics);
}

/**
 * lec_vault_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): what the last update could
 *   not read, each as "path: message"
 */
GPtrArray *
lec_vault_get_problems (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->problems;
}

gboolean
lec_vault_get_loaded (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);

  return self->loaded;
}

gboolean
lec_vault_get_readable (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);

  return self->readable;
}

double
lec_vault_get_progress (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), 0.0);

  return self->progress;
}

/**
 * lec_vault_get_progress_counts:
 * @done: (out): notes read so far by the first indexing
 * @total: (out): notes it has to read (0 until it knows)
 *
 * The counts behind #LecVault:progress. Once @done reaches @total, the
 * links are resolved and the models filled before the vault is loaded.
 */
void
lec_vault_get_progress_counts (LecVault *self,
                               guint    *done,
                               guint    *total)
{
  g_return_if_fail (LEC_IS_VAULT (self));

  *done = g_atomic_int_get (&self->worker->done);
  *total = g_atomic_int_get (&self->worker->total);
}

/* A sentence for the user (index rebuilt, changes polled), or NULL. */
const char *
lec_vault_get_notice (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->notice;
}

/* Whether the folder went away while open (#LecVault:missing). */
gboolean
lec_vault_get_missing (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);

  return self->missing;
}

/* Whether changes are found by polling, having run out of watches. */
gboolean
lec_vault_get_polling (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);

  return self->polling;
}

/**
 * lec_vault_dup_link_table:
 *
 * Returns: (transfer full) (nullable): how this vault's wiki links resolve,
 *   safe to use from any thread; %NULL until the vault is loaded
 */
LecLinkTable *
lec_vault_dup_link_table (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->links != NULL ? lec_link_table_ref (self->links) : NULL;
}
/**
 * lec_vault_resolve_path:
 * @path: a path relative to the vault, as it appears in a URI
 *
 * Maps @path to a file that is certainly inside the vault. Absolute paths,
 * ".." components and symbolic links that lead out of the vault are refused,
 * so a note can never reach the rest of the disk.
 *
 * Returns: (transfer full): the file, or %NULL with %LEC_ERROR_OUTSIDE_VAULT
 *   or %LEC_ERROR_NOT_FOUND
 */
GFile *
lec_vault_resolve_path (LecVault    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *root_real = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *file_real = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (path[0] == '/' || path[0] == '\0' || !g_utf8_validate (path, -1, NULL))
    goto outside;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0 || strcmp (parts[i], ".") == 0 || parts[i][0] == '\0')
      goto outside;

  file = g_file_resolve_relative_path (self->root, path);
  root_path = g_file_get_path (self->root);
  file_path = g_file_get_path (file);
  if (root_path == NULL || file_path == NULL)
    goto outside;

  root_real = realpath (root_path, NULL);
  file_real = realpath (file_path, NULL);
  if (root_real == NULL || file_real == NULL)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND,
                   _("“%s” does not exist in this folder"), path);
      return NULL;
    }

  if (!lec_path_is_inside (file_real, root_real))
    goto outside;

  return g_file_new_for_path (file_real);

outside:
  g_set_error (error, LEC_ERROR, LEC_ERROR_OUTSIDE_VAULT,
               _("“%s” is outside the notes folder"), path);
  return NULL;
}

static char *
links_resolve (const char *target,
               gboolean    embed,
               gpointer    user_data)
{
  LecVaultLinks *links = user_data;

  return links->links != NULL ? lec_link_table_resolve (links->links, target, links->from) : NULL;
}

/* Reads an embedded note; safe on any thread (resolving a path inside the
 * vault reads only its immutable root). */
static GBytes *
links_load (const char *path,
            gpointer    user_data)
{
  LecVaultLinks *links = user_data;
  g_autoptr(GFile) file = lec_vault_resolve_path (links->vault, path, NULL);
  GBytes *bytes = NULL;

  if (file == NULL || !lec_note_load_file (file, &bytes, NULL, NULL))
    return NULL;
  return bytes;
}

/**
 * lec_vault_links_env:
 *
 * The #LecNoteEnv for parsing a note of @links->vault: wiki links resolve
 * through @links->links, embeds load from the vault. @links must outlive
 * the parse.
 */
LecNoteEnv
lec_vault_links_env (LecVaultLinks *links)
{
  return (LecNoteEnv) { links_resolve, links_load, links };
}
