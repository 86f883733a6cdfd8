/* test-rendering.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the note page makes of math and code: KaTeX typesets every math
 * element, highlight.js colours fenced code, both offline from Lectern's
 * resources, and neither opens a way for a note to run script. */

#include "config.h"

#include "lec-application.h"

#include "lec-window.h"
#include "test-ui.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

/* The notes the tests open, written into a fresh folder. */
static const struct { const char *name; const char *text; } fixture_notes[] = {
  { "math.md",
    "---\ntitle: Math\n---\n"
    "Euler: $e^{i\\pi} + 1 = 0$, and a fraction $\\frac{a}{b}$ and a root $\\sqrt{2}$.\n\n"
    "$$\\int_0^1 x^2 \\, dx = \\frac{1}{3}$$\n\n"
    "$$\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}$$\n\n"
    "A mistake: $\\frac{1}{2$ and the text goes on.\n\n"
    "A loop: $\\def\\x{\\x\\x}\\x$, an unknown macro $\\nosuchmacro{2}$ "
    "and a link $\\href{javascript:alert(1)}{here}$.\n" },
  { "code.md",
    "---\ntitle: Code\n---\n"
    "```python\ndef square(x):\n    return x * x  # comment\n```\n\n"
    "```c\nint\nmain (void)\n{\n  return 0;\n}\n```\n\n"
    "```nosuchlanguage\nkeep me plain\n```\n\n"
    "```\nno language at all\n```\n" },
  { "script.md",
    "---\ntitle: Script\n---\n"
    "<script>document.documentElement.dataset.pwned = 'script';</script>\n\n"
    "<img src=\"x\" onerror=\"document.documentElement.dataset.pwned = 'onerror'\">\n\n"
    "$x$ and\n\n```js\nlet y = 1;\n```\n" },
  /* Filled in by write_fixtures: TeX and code past the page's bounds. */
  { "hostile.md", NULL },
  { "plain.md",
    "---\ntitle: Plain\n---\nNo math and no code here.\n" },
};

static char *fixture_dir;

static int
eval_int (WebKitWebView *view,
          const char    *script)
{
  g_autofree char *s = eval_string (view, script);

  return atoi (s);
}

/* Polls @script until it gives @expected, for what the page does after
 * load (typesetting in slices, fonts, theme changes); returns the last
 * answer. */
static char *
eval_until (WebKitWebView *view,
            const char    *script,
            const char    *expected)
{
  char *value = NULL;

  for (guint i = 0; i < 200; i++)
    {
      g_free (value);
      value = eval_string (view, script);
      if (g_str_equal (value, expected))
        break;
      g_usleep (20 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  return value;
}

static LecWindow *
new_window (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (fixture_dir);

  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  return window;
}

/* Opens @path and waits until the page has typeset all it will. */
static WebKitWebView *
open_note (LecWindow  *window,
           const char *path)
{
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  g_autofree char *typeset = NULL;
  gboolean finished = FALSE;
  gulong id;

  id = g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);
  lec_window_open_note (window, path);
  wait_for (flag_set, &finished);
  g_signal_handler_disconnect (view, id);

  typeset = eval_until (view, "String(document.documentElement.dataset.lecTypeset)", "done");
  g_assert_cmpstr (typeset, ==, "done");
  return view;
}

/* Saves what the view shows when LECTERN_TEST_SNAPSHOTS names a folder:
 * a way to look at the page, not a check. */
typedef struct
{
  gboolean  done;
  char     *path;
} Snapshot;

static void
snapshot_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Snapshot *snapshot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (object), result, &error);

  g_assert_no_error (error);
  g_assert_true (gdk_texture_save_to_png (texture, snapshot->path));
  g_test_message ("snapshot: %s", snapshot->path);
  snapshot->done = TRUE;
}

static void
maybe_snapshot (WebKitWebView *view,
                const char    *name)
{
  const char *dir = g_getenv ("LECTERN_TEST_SNAPSHOTS");
  g_autofree char *path = NULL;
  Snapshot snapshot = { 0 };

  if (dir == NULL)
    return;
  /* Let the fonts settle before the picture. */
  g_free (eval_until (view, "String(document.fonts.status)", "loaded"));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  snapshot.path = path;
  webkit_web_view_get_snapshot (view, WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE,
                                NULL, snapshot_done, &snapshot);
  wait_for (flag_set, &snapshot.done);
}

/* The style manager's scheme, as the page shows it (data-theme). */
static void
set_dark (WebKitWebView *view,
          gboolean       dark)
{
  g_autofree char *theme = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  theme = eval_until (view, "String(document.documentElement.dataset.theme)", dark ? "dark" : "light");
  g_assert_cmpstr (theme, ==, dark ? "dark" : "light");
}

static void
test_math (void)
{
  LecWindow *window = new_window ();
  WebKitWebView *view = open_note (window, "math.md");
  g_autofree char *font = NULL;

  /* Nine expressions: two of them in display, two that KaTeX cannot
   * read (a brace left open, a macro that expands forever). An unknown
   * macro and \\href (untrusted) typeset, with the command marked. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math').length"), ==, 9);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math-display > .katex-display > .katex').length"), ==, 2);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math:not(.lec-math-display) > .katex').length"), ==, 5);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math > .katex-error').length"), ==, 2);
  /* None is left as TeX. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math:not(:has(> .katex, > .katex-display, > .katex-error))').length"), ==, 0);

  /* A mistake shows its own source in place, and the page goes on. */
  {
    g_autofree char *error = eval_string (view, "document.querySelector('.katex-error').textContent");
    g_autofree char *after = eval_string (view, "String(document.body.innerText.includes('and the text goes on'))");
    g_autofree char *why = eval_string (view, "document.querySelector('.katex-error').title");

    g_assert_cmpstr (error, ==, "\\frac{1}{2");
    g_assert_cmpstr (after, ==, "true");
    g_assert_true (g_str_has_prefix (why, "ParseError"));
  }

  /* Untrusted commands make no links. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math a').length"), ==, 0);

  /* KaTeX's stylesheet and fonts came from Lectern's scheme, through the
   * page's Content-Security-Policy. */
  font = eval_string (view, "getComputedStyle(document.querySelector('.katex')).fontFamily");
  g_assert_nonnull (strstr (font, "KaTeX_Main"));
  g_free (font);
  font = eval_until (view,
                     "String([...document.fonts].some(f => f.family.includes('KaTeX_Main') && f.status === 'loaded'))",
                     "true");
  g_assert_cmpstr (font, ==, "true");

  set_dark (view, FALSE);
  maybe_snapshot (view, "math-light");
  set_dark (view, TRUE);
  maybe_snapshot (view, "math-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_code (void)
{
  LecWindow *window = new_window ();
  WebKitWebView *view = open_note (window, "code.md");
  const char *keyword_colour = "getComputedStyle(document.querySelector('code.language-python .hljs-keyword')).color";

  g_assert_cmpint (eval_int (view, "document.querySelectorAll('code.language-python [class^=\"hljs-\"]').length"), >, 2);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('code.language-c [class^=\"hljs-\"]').length"), >, 1);
  {
    g_autofree char *comment = eval_string (view, "document.querySelector('code.language-python .hljs-comment').textContent");
    g_autofree char *text = eval_string (view, "document.querySelector('code.language-python').textContent");

    g_assert_cmpstr (comment, ==, "# comment");
    /* Highlighting changes no character of the code. */
    g_assert_cmpstr (text, ==, "def square(x):\n    return x * x  # comment\n");
  }

  /* A language highlight.js does not know, and code with no language,
   * stay plain text. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('code.language-nosuchlanguage *').length"), ==, 0);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('pre > code:not([class]) *').length"), ==, 0);
  {
    g_autofree char *plain = eval_string (view, "document.querySelector('code.language-nosuchlanguage').textContent");

    g_assert_cmpstr (plain, ==, "keep me plain\n");
  }

  /* The theme follows the page: GitHub's colours, light and dark. */
  {
    g_autofree char *light = NULL;
    g_autofree char *dark = NULL;

    set_dark (view, FALSE);
    light = eval_until (view, keyword_colour, "rgb(215, 58, 73)");
    g_assert_cmpstr (light, ==, "rgb(215, 58, 73)");
    maybe_snapshot (view, "code-light");
    set_dark (view, TRUE);
    dark = eval_until (view, keyword_colour, "rgb(255, 123, 114)");
    g_assert_cmpstr (dark, ==, "rgb(255, 123, 114)");
    maybe_snapshot (view, "code-dark");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The libraries live in Lectern's script world only: note content can
 * neither run script nor reach them. */
static void
test_no_script (void)
{
  LecWindow *window = new_window ();
  WebKitWebView *view = open_note (window, "script.md");
  g_autofree char *pwned = NULL;
  g_autofree char *katex = NULL;
  g_autofree char *hljs = NULL;
  g_autofree char *lectern = NULL;

  /* Math and code of this note were done all the same. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math > .katex').length"), ==, 1);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('code.language-js [class^=\"hljs-\"]').length"), >, 0);

  pwned = eval_string (view, "String(document.documentElement.dataset.pwned)");
  g_assert_cmpstr (pwned, ==, "undefined");

  katex = eval_string (view, "typeof katex");
  hljs = eval_string (view, "typeof hljs");
  lectern = eval_string (view, "typeof lectern");
  g_assert_cmpstr (katex, ==, "undefined");
  g_assert_cmpstr (hljs, ==, "undefined");
  g_assert_cmpstr (lectern, ==, "undefined");

  /* The page keeps its policy: no script from anywhere. */
  {
    g_autofree char *csp = eval_string (view, "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content");

    g_assert_nonnull (strstr (csp, "script-src 'none'"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* TeX and code past the bounds are left as text, and the rest of the
 * page is done all the same. */
static void
test_hostile (void)
{
  LecWindow *window = new_window ();
  WebKitWebView *view = open_note (window, "hostile.md");

  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math').length"), ==, 3);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math.lec-math-too-long:not(:has(*))').length"), ==, 1);
  /* The deep one typesets or, where the stack is shorter, stays TeX; the
   * one after it is typeset either way. */
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math.lec-typeset, .lec-math.lec-math-failed:not(:has(*))').length"), ==, 2);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('.lec-math')[2].querySelectorAll('.katex').length"), ==, 1);
  g_assert_cmpint (eval_int (view, "document.querySelectorAll('pre code *').length"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A note with neither math nor code links none of the libraries' styles. */
static void
test_plain (void)
{
  LecWindow *window = new_window ();
  WebKitWebView *view = open_note (window, "plain.md");

  g_assert_cmpint (eval_int (view, "document.querySelectorAll('link[rel=stylesheet]').length"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* Milliseconds from asking for @path, coming from another note, until the
 * page has loaded and typeset all it will. */
static double
switch_ms (LecWindow  *window,
           const char *path)
{
  gint64 start;

  open_note (window, "plain.md");
  start = g_get_monotonic_time ();
  open_note (window, path);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* How much longer a note switch takes on a note with 50 expressions than
 * on the same note without math: a measurement for `-m perf` that checks
 * nothing. */
static void
test_switch_time (void)
{
  LecWindow *window;
  g_autoptr(GArray) math = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) prose = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typeset = g_array_new (FALSE, FALSE, sizeof (double));

  if (!g_test_perf ())
    {
      g_test_skip ("a measurement: run with -m perf");
      return;
    }

  window = new_window ();
  for (guint i = 0; i < 20; i++)
    {
      double m = switch_ms (window, "math50.md");
      double p;
      g_autofree char *t = eval_string (WEBKIT_WEB_VIEW (lec_window_get_note_view (window)),
                                        "String(performance.getEntriesByName('lectern-typeset')[0].duration)");
      double ts = g_ascii_strtod (t, NULL);

      p = switch_ms (window, "prose50.md");
      if (i < 2)
        continue;
      g_array_append_val (math, m);
      g_array_append_val (prose, p);
      g_array_append_val (typeset, ts);
    }
  g_test_message ("note switch, median of 18: 50 expressions %.1f ms, same note without math %.1f ms; "
                  "typesetting inside the page %.1f ms",
                  median (math), median (prose), median (typeset));
  /* median() sorted them. */
  g_test_message ("fastest: 50 expressions %.1f ms, without math %.1f ms; typesetting %.1f ms",
                  g_array_index (math, double, 0), g_array_index (prose, double, 0),
                  g_array_index (typeset, double, 0));
  g_test_minimized_result (median (math) - median (prose), "math adds %.1f ms to a note switch",
                           median (math) - median (prose));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
write_fixtures (void)
{
  fixture_dir = g_dir_make_tmp ("lectern-rendering-XXXXXX", NULL);
  g_assert_nonnull (fixture_dir);

  for (guint i = 0; i < G_N_ELEMENTS (fixture_notes); i++)
    {
      g_autofree char *path = g_build_filename (fixture_dir, fixture_notes[i].name, NULL);
      g_autoptr(GString) text = g_string_new (fixture_notes[i].text);

      if (fixture_notes[i].text == NULL)
        {
          /* Longer than the page typesets; nested past KaTeX's stack;
           * code longer than it highlights. */
          g_string_append (text, "---\ntitle: Hostile\n---\nLong: $");
          for (guint k = 0; k < 1000; k++)
            g_string_append (text, "x^2 + ");
          g_string_append (text, "1$\n\nDeep: $");
          for (guint k = 0; k < 700; k++)
            g_string_append (text, "\\sqrt{");
          g_string_append (text, "x");
          for (guint k = 0; k < 700; k++)
            g_string_append (text, "}");
          g_string_append (text, "$ and fine: $y$\n\n```python\n");
          for (guint k = 0; k < 10000; k++)
            g_string_append (text, "x = 1\n");
          g_string_append (text, "```\n");
        }
      g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
    }

  /* For the switch time: 40 inline and 10 display expressions, and the
   * same prose with words where the math was. */
  {
    g_autoptr(GString) math = g_string_new ("---\ntitle: Fifty\n---\n");
    g_autoptr(GString) prose = g_string_new ("---\ntitle: Fifty\n---\n");
    g_autofree char *math_path = g_build_filename (fixture_dir, "math50.md", NULL);
    g_autofree char *prose_path = g_build_filename (fixture_dir, "prose50.md", NULL);

    for (guint i = 0; i < 10; i++)
      {
        g_string_append_printf (math,
                                "The energy $E_%u = \\frac{1}{2} m v^2$ grows with $v$, while "
                                "$\\sum_{k=1}^{%u} k = \\frac{n(n+1)}{2}$ and $\\alpha + \\beta_%u$ "
                                "hold, as does $\\sqrt{x^2 + y^2}$.\n\n"
                                "$$\\int_0^{%u} e^{-x^2} \\, dx \\approx \\frac{\\sqrt{\\pi}}{2}$$\n\n",
                                i, i, i, i);
        g_string_append_printf (prose,
                                "The energy one half m v squared grows with v, while "
                                "the sum of k up to n is n n plus one over two and alpha plus beta "
                                "hold, as does the root of x and y.\n\n"
                                "The integral of e to the minus x squared is about root pi over two.\n\n");
      }
    g_assert_true (g_file_set_contents (math_path, math->str, -1, NULL));
    g_assert_true (g_file_set_contents (prose_path, prose->str, -1, NULL));
  }
}

static void
remove_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture_notes); i++)
    {
      g_autofree char *path = g_build_filename (fixture_dir, fixture_notes[i].name, NULL);

      g_unlink (path);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (fixture_dir, i == 0 ? "math50.md" : "prose50.md", NULL);

      g_unlink (path);
    }
  g_rmdir (fixture_dir);
  g_clear_pointer (&fixture_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-rendering");
  /* The renderer Lectern itself picks on this machine. */
  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  write_fixtures ();

  g_test_add_func ("/rendering/math", test_math);
  g_test_add_func ("/rendering/code", test_code);
  g_test_add_func ("/rendering/no-script", test_no_script);
  g_test_add_func ("/rendering/hostile", test_hostile);
  g_test_add_func ("/rendering/plain", test_plain);
  g_test_add_func ("/rendering/switch-time", test_switch_time);

  ret = g_test_run ();
  remove_fixtures ();
  return ret;
}
