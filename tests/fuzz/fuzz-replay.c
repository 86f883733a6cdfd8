/* fuzz-replay.c — runs a fuzz target on files, without libFuzzer
 *
 * The test suite links each target of tests/fuzz with this instead of
 * libFuzzer and runs it on its seeds and on every input a fuzzer once
 * crashed on (tests/fuzz/regressions/TARGET/), so a bug found by fuzzing
 * stays fixed in every build, and under ASan and UBSan in the sanitizer
 * build.
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static guint
replay (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;
      guint n = 0;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          n += replay (child);
        }
      return n;
    }

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  g_print ("%s\n", path);
  /* A copy of its own size, so ASan sees a read past the end. */
  {
    g_autofree uint8_t *copy = g_memdup2 (data, len);

    LLVMFuzzerTestOneInput (copy, len);
  }
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    if (g_file_test (argv[i], G_FILE_TEST_EXISTS))
      n += replay (argv[i]);
  g_print ("%u inputs, no crash\n", n);
  return 0;
}
