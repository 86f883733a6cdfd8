/* fault-shim.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Faults the file system gives now and then, on demand, for tests: loaded
 * with LD_PRELOAD into a test's child process, it stands between Lectern
 * (and GLib) and the C library. Each fault is off unless its variable is
 * set:
 *
 *   LECTERN_FAULT_NO_WATCHES=1     inotify_add_watch() fails with ENOSPC,
 *                                  as when the system's watch limit
 *                                  (fs.inotify.max_user_watches) is
 *                                  reached; the limit itself is global and
 *                                  only root may lower it
 *   LECTERN_FAULT_VANISH=WORD      a file or folder whose name holds WORD
 *                                  is removed just before it is opened: it
 *                                  vanished between the walk that listed
 *                                  it and its read
 *   LECTERN_FAULT_TO_FOLDER=WORD   a file whose name holds WORD becomes an
 *                                  empty folder just before it is opened
 *
 * Only test executables load this; Lectern itself has no hook for it. */

#define _GNU_SOURCE
/* open and open64 are both wrapped, by their own names. */
#undef _FILE_OFFSET_BITS

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

int
inotify_add_watch (int         fd,
                   const char *path,
                   uint32_t    mask)
{
  static int (*real) (int, const char *, uint32_t);

  if (getenv ("LECTERN_FAULT_NO_WATCHES") != NULL)
    {
      errno = ENOSPC;
      return -1;
    }
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "inotify_add_watch");
  return real (fd, path, mask);
}

/* Whether @path's last component holds the word that variable @var
 * names. */
static int
name_holds (const char *var,
            const char *path)
{
  const char *word = getenv (var);
  const char *name;

  if (word == NULL || *word == '\0' || path == NULL)
    return 0;
  name = strrchr (path, '/');
  name = name != NULL ? name + 1 : path;
  return strstr (name, word) != NULL;
}

/* A file is removed; a folder (which may hold files) is moved out of the
 * way, to a hidden name the walk skips: for the walk, it is gone. A file
 * to become a folder is removed, and a folder made in its place. */
static void
vanish (const char *path)
{
  int to_folder = name_holds ("LECTERN_FAULT_TO_FOLDER", path);
  struct stat st;

  if ((!to_folder && !name_holds ("LECTERN_FAULT_VANISH", path)) || lstat (path, &st) != 0)
    return;
  if (to_folder)
    {
      if (S_ISREG (st.st_mode) && unlink (path) == 0)
        mkdir (path, 0755);
    }
  else if (S_ISDIR (st.st_mode))
    {
      char hidden[4096];
      const char *slash = strrchr (path, '/');
      int dir_len = slash != NULL ? (int) (slash - path + 1) : 0;

      snprintf (hidden, sizeof hidden, "%.*s.vanished-%s", dir_len, path, path + dir_len);
      rename (path, hidden);
    }
  else
    unlink (path);
}

static int
open_mode (int     flags,
           va_list args)
{
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg (args, int) : 0;
}

#define WRAP_OPEN(name)                                                     \
  int                                                                       \
  name (const char *path,                                                   \
        int         flags,                                                  \
        ...)                                                                \
  {                                                                         \
    static int (*real) (const char *, int, ...);                            \
    va_list args;                                                           \
    int mode;                                                               \
                                                                            \
    va_start (args, flags);                                                 \
    mode = open_mode (flags, args);                                         \
    va_end (args);                                                          \
    if (real == NULL)                                                       \
      real = dlsym (RTLD_NEXT, #name);                                      \
    vanish (path);                                                          \
    return real (path, flags, mode);                                        \
  }

#define WRAP_OPENAT(name)                                                   \
  int                                                                       \
  name (int         dirfd,                                                  \
        const char *path,                                                   \
        int         flags,                                                  \
        ...)                                                                \
  {                                                                         \
    static int (*real) (int, const char *, int, ...);                       \
    va_list args;                                                           \
    int mode;                                                               \
                                                                            \
    va_start (args, flags);                                                 \
    mode = open_mode (flags, args);                                         \
    va_end (args);                                                          \
    if (real == NULL)                                                       \
      real = dlsym (RTLD_NEXT, #name);                                      \
    if (path[0] == '/')                                                     \
      vanish (path);                                                        \
    return real (dirfd, path, flags, mode);                                 \
  }

WRAP_OPEN (open)
WRAP_OPEN (open64)
WRAP_OPENAT (openat)
WRAP_OPENAT (openat64)

DIR *
opendir (const char *path)
{
  static DIR *(*real) (const char *);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "opendir");
  vanish (path);
  return real (path);
}
