/* test-note.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"
#include "lec-budget.h"
#include "lec-markdown.h"
#include "lec-note.h"
#include "lec-lines-private.h"

#include <string.h>

static LecNote *
parse_full (const char     *text,
            LecResolveFunc  resolve)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  LecNoteEnv env = { resolve, NULL, NULL };

  return lec_note_new_full ("folder/note.md", bytes, resolve != NULL ? &env : NULL);
}

static LecNote *
parse (const char *text)
{
  return parse_full (text, NULL);
}

static char *
render (const char *text)
{
  g_autoptr(LecNote) note = parse (text);

  return lec_note_render_html (note);
}

static void
assert_has (const char *html,
            const char *needle)
{
  if (strstr (html, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, html);
}

static void
assert_lacks (const char *html,
              const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  if (strstr (lower, n) != NULL)
    g_error ("did not expect “%s” in:\n%s", needle, html);
}

static const LecLink *
link_at (LecNote *note,
         guint    i)
{
  GArray *links = lec_note_get_links (note);

  g_assert_cmpuint (i, <, links->len);
  return &g_array_index (links, LecLink, i);
}

static void
assert_link (LecNote    *note,
             guint       i,
             const char *target,
             const char *heading,
             const char *label,
             gboolean    embed)
{
  const LecLink *l = link_at (note, i);

  g_assert_cmpstr (l->target, ==, target);
  g_assert_cmpstr (l->heading, ==, heading);
  g_assert_cmpstr (l->label, ==, label);
  g_assert_cmpint (l->embed, ==, embed);
}

static void
test_wikilinks (void)
{
  g_autoptr(LecNote) note = parse ("[[plain_topic]] [[slug|Label]] [[slug_b | Spaced Label ]] "
                                   "[[Page#Some Heading]] [[#Local]] [[page#^block1]] "
                                   "[[a|b|c]] [[a *b* c]] `[[in code]]` [[]]\n\n"
                                   "```\n[[in block]]\n```\n\n"
                                   "| col |\n|---|\n| [[cell\\|Cell label]] |\n");
  g_autofree char *html = lec_note_render_html (note);

  g_assert_cmpuint (lec_note_get_links (note)->len, ==, 9);
  assert_link (note, 0, "plain_topic", NULL, "plain_topic", FALSE);
  assert_link (note, 1, "slug", NULL, "Label", FALSE);
  assert_link (note, 2, "slug_b", NULL, "Spaced Label", FALSE);
  assert_link (note, 3, "Page", "Some Heading", "Page › Some Heading", FALSE);
  assert_link (note, 4, "", "Local", "Local", FALSE);
  assert_link (note, 5, "page", "^block1", "page › ^block1", FALSE);
  assert_link (note, 6, "a", NULL, "b|c", FALSE);
  assert_link (note, 7, "a b c", NULL, "a b c", FALSE);
  assert_link (note, 8, "cell", NULL, "Cell label", FALSE);

  assert_has (html, "<a id=\"lec-link-0\" class=\"lec-wikilink lec-unresolved\" href=\"lectern-topic:plain_topic\" data-target=\"plain_topic\">plain_topic</a>");
  assert_has (html, "href=\"#local\"");
  assert_has (html, "<code>[[in code]]</code>");
  assert_has (html, "[[in block]]");
  assert_has (html, "[[]]");
  assert_has (html, ">Cell label</a></td>");
}

static void
test_reference_wikilink (void)
{
  g_autoptr(LecNote) note = parse ("See [[ref]] here.\n\n[ref]: https://example.org\n");
  g_autofree char *html = lec_note_render_html (note);

  assert_link (note, 0, "ref", NULL, "ref", FALSE);
  assert_lacks (html, "example.org");
}

static char *
resolve_test (const char *target,
              gboolean    embed,
              gpointer    data)
{
  if (g_str_equal (target, "pic.png"))
    return g_strdup ("media/pic.png");
  if (g_str_equal (target, "Known Note"))
    return g_strdup ("notes/Known Note.md");
  return NULL;
}

static void
test_embeds (void)
{
  g_autoptr(LecNote) note = parse_full ("![[Known Note]] ![[Known Note#Part two]] ![[pic.png]] "
                                        "![[pic.png|300]] ![[gone.png]] ![[doc.pdf]] [[Known Note]]\n",
                                        resolve_test);
  g_autofree char *html = lec_note_render_html (note);

  assert_link (note, 0, "Known Note", NULL, "Known Note", TRUE);
  assert_link (note, 1, "Known Note", "Part two", "Known Note › Part two", TRUE);
  g_assert_cmpstr (link_at (note, 0)->path, ==, "notes/Known Note.md");
  assert_has (html, "<img class=\"lec-embed-image\" src=\"lectern://vault/media/pic.png\" alt=\"pic.png\">");
  assert_has (html, "width=\"300\"");
  assert_has (html, "<span class=\"lec-embed-missing\" data-target=\"gone.png\">gone.png</span>");
  assert_has (html, "lectern-topic:doc.pdf");
  assert_has (html, "href=\"lectern://vault/notes/Known%20Note.md#part-two\"");
  assert_has (html, "class=\"lec-wikilink\" href=\"lectern://vault/notes/Known%20Note.md\"");
}

/* A small vault for transclusion: a note with sections, a cycle, a chain
 * deeper than three and a hostile note. */
static const struct { const char *path; const char *text; } embed_vault[] = {
  { "a.md", "Intro of A.\n\n## First\n\nFirst body.\n\n### Sub\n\nSub body.\n\n## Second\n\nSecond body.\n" },
  { "loop1.md", "Loop one.\n\n![[loop2]]\n" },
  { "loop2.md", "Loop two.\n\n![[loop1]]\n" },
  { "d1.md", "Depth one.\n\n![[d2]]\n" },
  { "d2.md", "Depth two.\n\n![[d3]]\n" },
  { "d3.md", "Depth three.\n\n![[d4]]\n" },
  { "d4.md", "Depth four.\n" },
  { "evil.md", "Hi <img src=x onerror=alert(1)><script>alert(2)</script>\n" },
  /* Made by load_embed_vault: a note over the size an embed may have. */
  { "big.md", NULL },
};

static char *
resolve_embed_vault (const char *target,
                     gboolean    embed,
                     gpointer    data)
{
  g_autofree char *path = g_strconcat (target, ".md", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (embed_vault); i++)
    if (g_str_equal (embed_vault[i].path, path))
      return g_steal_pointer (&path);
  return NULL;
}

static GBytes *
load_embed_vault (const char *path,
                  gpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (embed_vault); i++)
    if (g_str_equal (embed_vault[i].path, path) && embed_vault[i].text != NULL)
      return g_bytes_new_static (embed_vault[i].text, strlen (embed_vault[i].text));
  if (g_str_equal (path, "big.md"))
    {
      GString *big = g_string_new ("Big start.\n\n");
      gsize len;

      while (big->len < 1100 * 1024)
        g_string_append (big, "Filler words for a large note.\n");
      len = big->len;
      return g_bytes_new_take (g_string_free (big, FALSE), len);
    }
  return NULL;
}

static char *
render_in_vault (const char *path,
                 const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  LecNoteEnv env = { resolve_embed_vault, load_embed_vault, NULL };
  g_autoptr(LecNote) note = lec_note_new_full (path, bytes, &env);

  return lec_note_render_html (note);
}

static guint
count (const char *html,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (html, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_transclusion (void)
{
  g_autofree char *whole = render_in_vault ("top.md", "![[a]]\n");
  g_autofree char *section = render_in_vault ("top.md", "![[a#First]]\n");
  g_autofree char *inline_embed = render_in_vault ("top.md", "Text with ![[a]] inside.\n");
  g_autofree char *loop = render_in_vault ("loop1.md", "Loop one.\n\n![[loop2]]\n");
  g_autofree char *deep = render_in_vault ("top.md", "![[d1]]\n");
  g_autofree char *evil = render_in_vault ("top.md", "![[evil]]\n");
  g_autofree char *big = render_in_vault ("top.md", "![[big]]\n");
  g_autoptr(GString) many_embeds = g_string_new (NULL);
  g_autofree char *many = NULL;

  assert_has (whole, "<div class=\"lec-transclusion\" data-path=\"a.md\">");
  assert_has (whole, "Intro of A.");
  assert_has (whole, "Second body.");

  assert_has (section, "First body.");
  assert_has (section, "Sub body.");
  assert_lacks (section, "Intro of A.");
  assert_lacks (section, "Second body.");

  /* Not alone in its paragraph: a link, not a transclusion. */
  assert_lacks (inline_embed, "lec-transclusion");
  assert_has (inline_embed, "lec-embed");

  /* The cycle is cut: loop two shows once, and its embed of loop one is a link. */
  g_assert_cmpuint (count (loop, "Loop two."), ==, 1);
  g_assert_cmpuint (count (loop, "lec-transclusion\""), ==, 1);

  /* Depth at most three: d1, d2, d3 shown; d4 only linked. */
  assert_has (deep, "Depth three.");
  assert_lacks (deep, "Depth four.");

  /* Too large to show in place: a link. */
  assert_lacks (big, "Big start.");
  assert_has (big, "lec-embed");

  /* At most 32 notes shown in one page; the rest are links. */
  for (guint i = 0; i < 40; i++)
    g_string_append (many_embeds, "![[a]]\n\n");
  many = render_in_vault ("top.md", many_embeds->str);
  g_assert_cmpuint (count (many, "lec-transclusion\""), ==, 32);
  g_assert_cmpuint (count (many, "lec-embed"), ==, 8);

  /* Embedded notes are sanitised like any other. */
  assert_has (evil, "Hi ");
  assert_lacks (evil, "onerror");
  assert_lacks (evil, "<script");
}

static void
test_callouts (void)
{
  g_autofree char *html = render ("> [!info] Personal *AI*\n> Body text.\n\n"
                                  "> [!tip]\n> No title here.\n\n"
                                  "> [!faq]- Folded question\n> Answer.\n\n"
                                  "> [!example]+ Open one\n> Shown.\n\n"
                                  "> [!note|Custom Title]\n> With a bar title.\n\n"
                                  "> [!frobnicate] Unknown kind\n> Drawn as a note.\n\n"
                                  "> [!Caution|]\n> An empty bar title.\n\n"
                                  "> [!quote] Outer\n> > [!warning] Inner\n> > Nested.\n\n"
                                  "- An item\n\n  > [!success] In a list\n  > Found there too.\n\n"
                                  "> Just a quote.\n");

  assert_has (html, "<div class=\"lec-callout lec-callout-info\" data-callout=\"info\">");
  assert_has (html, "Personal <em>AI</em>");
  assert_has (html, "<p>Body text.</p>");
  assert_has (html, "lec-callout-title-text\">\nTip\n</span>");
  assert_has (html, "<details class=\"lec-callout lec-callout-question\" data-callout=\"faq\">");
  assert_has (html, "<summary class=\"lec-callout-title\">");
  assert_has (html, "<details class=\"lec-callout lec-callout-example\" data-callout=\"example\" open>");
  assert_has (html, "Custom Title\n</span>");
  assert_has (html, "<div class=\"lec-callout lec-callout-note\" data-callout=\"frobnicate\">");
  assert_has (html, "<div class=\"lec-callout lec-callout-warning\" data-callout=\"caution\">");
  assert_has (html, "lec-callout-title-text\">\nCaution\n</span>");
  assert_has (html, "<div class=\"lec-callout lec-callout-warning\" data-callout=\"warning\">");
  assert_has (html, "<div class=\"lec-callout lec-callout-success\" data-callout=\"success\">");
  assert_has (html, "<blockquote>\n<p>Just a quote.</p>");
  assert_lacks (html, "[!");
}

static void
assert_context (LecNote    *note,
                guint       i,
                const char *expected)
{
  g_autofree char *context = lec_note_dup_timestamp_context (note, i);

  g_assert_cmpstr (context, ==, expected);
}

static const LecTimestamp *
ts_at (LecNote *note,
       guint    i)
{
  GArray *ts = lec_note_get_timestamps (note);

  g_assert_cmpuint (i, <, ts->len);
  return &g_array_index (ts, LecTimestamp, i);
}

static void
test_timestamps (void)
{
  g_autoptr(LecNote) note = parse ("---\nvideoId: vid12345678\n---\n"
                                   "## First part\n\n"
                                   "Sentence one backs this <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>. "
                                   "Sentence two <a class=\"yt-timestamp\" data-t=\"00:99:99\">[00:02:10]</a>. "
                                   "Broken <a class=\"yt-timestamp\" data-t=\"mm:ss\">[xx:yy]</a> anchor.\n\n"
                                   "## Second part\n\n"
                                   "Empty <a class='yt-timestamp' data-t='1:02:03'></a> and plain [00:03:00] and (4:05). "
                                   "[Same video](https://www.youtube.com/watch?v=vid12345678&t=1m5s) and "
                                   "[other video](https://youtu.be/otherVideo1?t=30).\n\n"
                                   "Cut off <a class=\"yt-timestamp\" data-t=\"00:05:00\">[00:05\n");
  g_autofree char *html = lec_note_render_html (note);
  GArray *headings = lec_note_get_headings (note);

  g_assert_cmpuint (lec_note_get_timestamps (note)->len, ==, 7);
  g_assert_cmpuint (ts_at (note, 0)->seconds, ==, 85);
  g_assert_cmpstr (ts_at (note, 0)->shown, ==, "[00:01:25]");
  assert_context (note, 0, "Sentence one backs this");
  g_assert_cmpint (ts_at (note, 0)->heading, ==, 0);
  /* An impossible data-t falls back to the anchor's text. */
  g_assert_cmpuint (ts_at (note, 1)->seconds, ==, 130);
  assert_context (note, 1, ". Sentence two");
  g_assert_cmpuint (ts_at (note, 2)->seconds, ==, 3723);
  g_assert_cmpstr (ts_at (note, 2)->shown, ==, "[1:02:03]");
  /* From its block's start: not the heading's text, nor the last block's. */
  assert_context (note, 2, "Empty");
  g_assert_cmpint (ts_at (note, 2)->heading, ==, 1);
  g_assert_cmpuint (ts_at (note, 3)->seconds, ==, 180);
  g_assert_cmpuint (ts_at (note, 4)->seconds, ==, 245);
  g_assert_cmpuint (ts_at (note, 5)->seconds, ==, 65);
  g_assert_cmpstr (ts_at (note, 5)->shown, ==, "Same video");
  g_assert_cmpuint (ts_at (note, 6)->seconds, ==, 300);

  g_assert_cmpint (g_array_index (headings, LecHeading, 0).first_timestamp, ==, 85);
  g_assert_cmpint (g_array_index (headings, LecHeading, 1).first_timestamp, ==, 3723);

  assert_has (html, "<a class=\"lec-ts\" href=\"lectern-seek:85\" data-seconds=\"85\">[00:01:25]</a>");
  /* Neither time nor text valid: plain text, no button. */
  assert_has (html, "Broken [xx:yy] anchor.");
  assert_has (html, "<a href=\"lectern-external:https%3A%2F%2Fyoutu.be%2FotherVideo1%3Ft%3D30\">other video</a>");
  assert_lacks (html, "yt-timestamp");
}

/* Anchors as real vaults have them: data-t values such as "HH:99:99",
 * "00:00:00:00" and "mm:ss", text that differs from data-t, empty anchors,
 * anchors cut off at the line's end or inside a link's destination. */
static void
test_timestamps_malformed (void)
{
  g_autoptr(LecNote) note = parse ("---\nvideoId: vid12345678\n---\n"
                                   "A <a class=\"yt-timestamp\" data-t=\"HH:99:99\">[00:00:10]</a> "
                                   "B <a class=\"yt-timestamp\" data-t=\"00:00:00:00\">[00:00:11]</a> "
                                   "C <a class=\"yt-timestamp\" data-t=\"mm:ss\">00:12</a> "
                                   "D <a class=\"yt-timestamp\" data-t=\"00:00:20\">[00:00:25]</a> "
                                   "E <a class=\"yt-timestamp\" data-t=\"HH:99:99\">[HH:99:99]</a> "
                                   "F [00:32:57](<a class=\"yt-timestamp\" data-t=\"00:32:57\"></a>) "
                                   "G [00:21:00](<a class=\"yt-timestamp\" data-t=\"00:21:00%3C/a>) "
                                   "H [none](<a class=\"yt-timestamp\" data-t=\"mm:ss%3C/a>) end.\n\n"
                                   "I <a class=\"yt-timestamp\" data-t=\"00:00:30\">[00:00:3\n");
  g_autofree char *html = lec_note_render_html (note);
  static const guint expected[] = { 10, 11, 12, 20, 1977, 1977, 1260, 30 };
  GArray *ts = lec_note_get_timestamps (note);

  g_assert_cmpuint (ts->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (ts_at (note, i)->seconds, ==, expected[i]);

  /* A valid data-t decides over the text. */
  assert_has (html, "D <a class=\"lec-ts\" href=\"lectern-seek:20\" data-seconds=\"20\">[00:00:25]</a>");
  /* Neither valid: plain text, no button. */
  assert_has (html, "E [HH:99:99] F");
  /* An empty anchor shows its time. */
  assert_has (html, "(<a class=\"lec-ts\" href=\"lectern-seek:1977\" data-seconds=\"1977\">[32:57]</a>)");
  /* Cut off in a link's destination: a button, never a dead link. */
  assert_has (html, "G <a class=\"lec-ts\" href=\"lectern-seek:1260\" data-seconds=\"1260\">00:21:00</a> H none end.");
  assert_has (html, "I <a class=\"lec-ts\" href=\"lectern-seek:30\" data-seconds=\"30\">[00:30]</a>");
  assert_lacks (html, "href=\"\"");
  assert_lacks (html, "yt-timestamp");
}

static void
test_plain_timestamps_need_a_video (void)
{
  g_autoptr(LecNote) note = parse ("Meeting at (10:30) and [12:45].\n");

  g_assert_cmpuint (lec_note_get_timestamps (note)->len, ==, 0);
}

/* Entities are characters, never structure (as in CommonMark): signs
 * written as entities make no highlight, comment or math. */
static void
test_marks_written_as_entities (void)
{
  g_autoptr(LecNote) note = parse ("A &#61;&#61;not marked&#61;&#61;, &#37;&#37;shown&#37;&#37; "
                                   "and &#36;x^2&#36;.\n");
  g_autofree char *html = lec_note_render_html (note);

  assert_has (html, "A ==not marked==, %%shown%% and $x^2$.");
  assert_lacks (html, "<mark>");
  assert_lacks (html, "lec-math");
}

static void
test_inline_marks (void)
{
  g_autoptr(LecNote) note = parse ("---\ntags: [front]\n---\n"
                                   "A ==highlight *with* markup== and #tag and #nested/tag-2, "
                                   "not C# nor #123 nor page#frag nor `#code` "
                                   "nor https://example.com/page#frag nor [x](https://example.org/#part). "
                                   "Hidden %%comment%% gone. Entities &amp; &copy;.\n\n"
                                   "%%\nA whole hidden paragraph\n%%\n\n"
                                   "Visible end.\n");
  g_autofree char *html = lec_note_render_html (note);
  const char * const *tags = lec_note_get_tags (note);

  assert_has (html, "<mark>highlight <em>with</em> markup</mark>");
  assert_has (html, "<a class=\"lec-tag\" href=\"lectern-tag:tag\">#tag</a>");
  assert_has (html, "<code>#code</code>");
  assert_has (html, "<a href=\"lectern-external:https%3A%2F%2Fexample.com%2Fpage%23frag\">https://example.com/page#frag</a>");
  assert_has (html, "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F%23part\">x</a>");
  assert_lacks (html, "comment");
  assert_lacks (html, "whole hidden");
  assert_has (html, "Visible end.");

  g_assert_cmpstr (tags[0], ==, "front");
  g_assert_cmpstr (tags[1], ==, "tag");
  g_assert_cmpstr (tags[2], ==, "nested/tag-2");
  g_assert_null (tags[3]);

  /* Plain text: no markup, no tags, entities decoded. */
  assert_has (lec_note_get_plain_text (note), "A highlight with markup and  and , not C# nor #123");
  assert_has (lec_note_get_plain_text (note), "Entities & ©.");
  assert_lacks (lec_note_get_plain_text (note), "#tag");
}

static void
test_math_and_code (void)
{
  g_autofree char *html = render ("Inline $a_1 + b_1$ and $\\{x\\} \\\\ y$ but \\$5 and $10 stay.\n\n"
                                  "$$\n\\frac{a}{b} = \\sum_{i} x_i\n$$\n\n"
                                  "```python\nprint('$not math$')\n```\n");

  assert_has (html, "<span class=\"lec-math\">a_1 + b_1</span>");
  assert_has (html, "<span class=\"lec-math\">\\{x\\} \\\\ y</span>");
  assert_has (html, "$5 and $10 stay.");
  assert_has (html, "\\frac{a}{b} = \\sum_{i} x_i");
  assert_has (html, "<code class=\"language-python\">print('$not math$')");
}

/* Bare URLs in TeX: the autolink extension must not take the math apart,
 * and the TeX must come out as written. */
static void
test_math_autolinks (void)
{
  g_autofree char *html = render ("A $\\href{https://example.com}{x}$ b.\n\n"
                                  "C $\\href{https://example.com} x$ d.\n\n"
                                  "E $$\\url{http://a.b/c}$$ f.\n\n"
                                  "G $a www.example.org b$ h.\n\n"
                                  "I $\\text{a@b.com}$ j.\n\n"
                                  "K $a https://x.org/\\$ b$ l.\n\n"
                                  "| m |\n|---|\n| $\\href{https://example.com}{y}$ |\n\n"
                                  "Outside https://example.org/page and $z$ stays a link.\n");

  assert_has (html, "A <span class=\"lec-math\">\\href{https://example.com}{x}</span> b.");
  assert_has (html, "C <span class=\"lec-math\">\\href{https://example.com} x</span> d.");
  assert_has (html, "E <span class=\"lec-math lec-math-display\">\\url{http://a.b/c}</span> f.");
  assert_has (html, "G <span class=\"lec-math\">a www.example.org b</span> h.");
  assert_has (html, "I <span class=\"lec-math\">\\text{a@b.com}</span> j.");
  assert_has (html, "K <span class=\"lec-math\">a https://x.org/\\$ b</span> l.");
  assert_has (html, "<td><span class=\"lec-math\">\\href{https://example.com}{y}</span></td>");
  assert_has (html, "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2Fpage\">https://example.org/page</a> and <span class=\"lec-math\">z</span>");
  assert_lacks (html, "href=\"https://example.com");
  assert_lacks (html, "mailto:");
}

/* Math after an earlier span in the same text, and math that ends right
 * after an element. */
static void
test_math_spans (void)
{
  g_autofree char *html = render ("X $a *b* c$ and $$d *e*$$ end.\n\n"
                                  "Y $a *b* c$ and $d\\_1 *e*$ end.\n\n"
                                  "Z $a$ costs \\$5 *x* and $b$.\n\n"
                                  "E &#36; $a\\$b$ and $c &#36; d$, &#x24;5 and &dollar;6.\n\n"
                                  "F &#36;x$ and $y$.\n");
  g_autofree char *before_table = render ("A line long enough to hold the columns of the next one.\n"
                                          "`c` and $\\alpha$ and $\\beta$ here.\n| a |\n|---|\n| x |\n");

  assert_has (html, "X <span class=\"lec-math\">a *b* c</span> and <span class=\"lec-math lec-math-display\">d *e*</span> end.");
  assert_has (html, "Y <span class=\"lec-math\">a *b* c</span> and <span class=\"lec-math\">d\\_1 *e*</span> end.");
  assert_has (html, "Z <span class=\"lec-math\">a</span> costs $5 <em>x</em> and <span class=\"lec-math\">b</span>.");
  /* Dollar signs written as entities or escaped are text, never delimiters. */
  assert_has (html, "E $ <span class=\"lec-math\">a\\$b</span> and <span class=\"lec-math\">c &amp;#36; d</span>, $5 and $6.");
  assert_has (html, "F $x$ and <span class=\"lec-math\">y</span>.");
  /* A paragraph that runs into a table has no exact source to read. */
  assert_has (before_table, "<code>c</code> and <span class=\"lec-math\">\\alpha</span> and <span class=\"lec-math\">\\beta</span> here.");
}

/* None of Lectern's syntax is read inside code spans or code blocks
 * (fenced or indented): they show what was written. */
static void
test_code_is_opaque (void)
{
  static const char syntax[] = "[[link]] ![[embed]] ==mark== #tag %%hidden%% $x$ $$y$$ [01:02:03] (12:34) "
                               "&lt;a class=&quot;yt-timestamp&quot; data-t=&quot;00:00:05&quot;&gt;[00:00:05]&lt;/a&gt;";
  g_autoptr(LecNote) note = parse ("---\nvideoId: vid12345678\n---\n"
                                   "`[[link]] ![[embed]] ==mark== #tag %%hidden%% $x$ $$y$$ [01:02:03] (12:34) "
                                   "<a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>`\n\n"
                                   "```text\n[[link]] ![[embed]] ==mark== #tag %%hidden%% $x$ $$y$$ [01:02:03] (12:34) "
                                   "<a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>\n```\n\n"
                                   "    [[link]] ![[embed]] ==mark== #tag %%hidden%% $x$ $$y$$ [01:02:03] (12:34) "
                                   "<a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>\n");
  g_autofree char *html = lec_note_render_html (note);
  g_autofree char *span = g_strdup_printf ("<p><code>%s</code></p>", syntax);
  g_autofree char *fenced = g_strdup_printf ("<pre><code class=\"language-text\">%s\n</code></pre>", syntax);
  g_autofree char *indented = g_strdup_printf ("<pre><code>%s\n</code></pre>", syntax);

  assert_has (html, span);
  assert_has (html, fenced);
  assert_has (html, indented);
  g_assert_cmpuint (lec_note_get_links (note)->len, ==, 0);
  g_assert_cmpuint (lec_note_get_timestamps (note)->len, ==, 0);
  g_assert_null (lec_note_get_tags (note)[0]);
}

/* Code blocks as real vaults have them: mermaid and dataview blocks keep
 * their language, and an unclosed fence runs to the end of the note. */
/* A body wrapped in a fence labelled markdown, by the tool that wrote the
 * note, is the note's markdown when it holds Lectern's syntax: rendered,
 * and in the facts and the search text. Example markdown stays code. */
static void
test_markdown_fences (void)
{
  g_autoptr(LecNote) note = parse ("---\nvideoId: vid12345678\n---\n\nFrom: [[Channel]] <br/>\n"
                                   "```markdown\n## Part one\n\n"
                                   "A claim [[Topic]] <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.\n"
                                   "```\n\n"
                                   "~~~~ Markdown\n# Example\n*only an example*\n~~~~\n\n"
                                   "````text\n```md\n[[Inside]]\n```\n````\n\n"
                                   "```md\nNever closed [[Other]] <a class=\"yt-timestamp\" data-t=\"00:02:00\">[00:02:00]</a>\n");
  g_autofree char *html = lec_note_render_html (note);
  GArray *links = lec_note_get_links (note);
  GArray *timestamps = lec_note_get_timestamps (note);

  g_assert_null (strstr (html, "yt-timestamp"));
  g_assert_null (strstr (html, "language-markdown"));
  assert_has (html, "<h2 id=\"part-one\">");
  assert_has (html, "data-seconds=\"85\"");
  assert_has (html, "data-seconds=\"120\"");
  assert_has (html, "<pre><code class=\"language-Markdown\"># Example\n*only an example*\n</code></pre>");
  assert_has (html, "<pre><code class=\"language-text\">```md\n[[Inside]]\n```\n</code></pre>");

  g_assert_cmpuint (timestamps->len, ==, 2);
  g_assert_cmpint (g_array_index (timestamps, LecTimestamp, 0).seconds, ==, 85);
  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (g_array_index (links, LecLink, 1).target, ==, "Topic");
  g_assert_cmpstr (g_array_index (links, LecLink, 2).target, ==, "Other");
  assert_has (lec_note_get_plain_text (note), "\nA claim Topic");
  assert_has (lec_note_get_plain_text (note), "\nNever closed Other");
  assert_lacks (lec_note_get_plain_text (note), "yt-timestamp");
  assert_lacks (lec_note_get_plain_text (note), "```markdown");
}

static void
test_code_blocks (void)
{
  g_autoptr(LecNote) note = parse ("# T\n\n```mermaid\ngraph TD; A-->B\n```\n\n"
                                   "```dataview\nTABLE file.name\n```\n\n"
                                   "Text [[link]] here.\n\n"
                                   "```python\nunclosed = True\n\n## Not a heading\n\n[[not a link]]\n");
  g_autofree char *html = lec_note_render_html (note);

  assert_has (html, "<pre><code class=\"language-mermaid\">graph TD; A--&gt;B\n</code></pre>");
  assert_has (html, "<pre><code class=\"language-dataview\">TABLE file.name\n</code></pre>");
  assert_has (html, "<pre><code class=\"language-python\">unclosed = True\n\n## Not a heading\n\n[[not a link]]\n</code></pre>");
  g_assert_cmpuint (lec_note_get_headings (note)->len, ==, 1);
  g_assert_cmpuint (lec_note_get_links (note)->len, ==, 1);
}

static void
test_facts (void)
{
  g_autoptr(LecNote) note = parse ("# The Real Title\n\nSome words here.\n\n## Part\n\n## Part\n\nMore words.\n");
  GArray *headings = lec_note_get_headings (note);

  g_assert_cmpstr (lec_note_get_title (note), ==, "The Real Title");
  g_assert_cmpuint (headings->len, ==, 3);
  g_assert_cmpstr (g_array_index (headings, LecHeading, 1).id, ==, "part");
  g_assert_cmpstr (g_array_index (headings, LecHeading, 2).id, ==, "part-1");
  g_assert_cmpuint (g_array_index (headings, LecHeading, 0).level, ==, 1);
  g_assert_cmpuint (g_array_index (headings, LecHeading, 1).level, ==, 2);
  g_assert_cmpstr (g_array_index (headings, LecHeading, 1).text, ==, "Part");
  g_assert_cmpint (g_array_index (headings, LecHeading, 1).first_timestamp, ==, -1);

  /* The page's headings carry the same ids. */
  {
    g_autofree char *html = lec_note_render_html (note);

    assert_has (html, "<h1 id=\"the-real-title\">");
    assert_has (html, "<h2 id=\"part\">");
    assert_has (html, "<h2 id=\"part-1\">");
  }
  g_assert_cmpuint (lec_note_get_word_count (note), ==, 10);
}

static void
test_hostile_markdown (void)
{
  g_autofree char *html = render ("[a](javascript:alert(1)) [b]( JaVaScRiPt:alert(2)) "
                                  "[c](&#106;avascript:alert(3)) [d](java\tscript:x) "
                                  "![e](data:text/html;base64,xx) <vbscript:msgbox> [f][r] "
                                  "[g](//evil.example/x) [[javascript:alert(4)]]\n\n"
                                  "[r]: javascript:alert(5)\n\n"
                                  "> [!x\" onmouseover=\"alert(6)] t\n");

  /* Hostile values in Lectern's own syntax. */
  {
    g_autoptr(LecNote) note = parse ("---\ntitle: \"<script>alert(7)</script>\"\nvideoId: v\n---\n"
                                     "<a class=\"yt-timestamp\" data-t=\"00:01:25\" onclick=\"alert(8)\">[00:01:25]</a> "
                                     "<a class=\"yt-timestamp\" data-t=\"00:00:05&quot; onclick=&quot;alert(9)\">[00:00:06]</a> "
                                     "[[\"><script>alert(10)</script>]] "
                                     "[[x|<img src=y onerror=alert(11)>]] #<b>tag</b>\n\n"
                                     "> [!info] <img src=z onerror=alert(12)> <script>alert(13)</script>\n"
                                     "> body <iframe src=\"https://evil.example\"></iframe>\n");
    g_autofree char *out = lec_note_render_html (note);

    /* The title is a fact, escaped wherever it is shown. */
    g_assert_cmpstr (lec_note_get_title (note), ==, "<script>alert(7)</script>");
    assert_lacks (out, "onclick");
    assert_lacks (out, "<script");
    /* An image may stay, without its handler; frames may not. */
    assert_lacks (out, "onerror");
    assert_lacks (out, "<iframe");
    assert_has (out, "lec-callout-info");
    assert_has (out, "href=\"lectern-seek:85\"");
    assert_has (out, "href=\"lectern-seek:6\"");
  }

  /* The words may stay as text; no URL may carry them. */
  assert_lacks (html, "href=\"javascript");
  assert_lacks (html, "href=\" javascript");
  assert_lacks (html, "href=\"java\tscript");
  assert_lacks (html, "href=\"vbscript");
  assert_lacks (html, "src=\"data:");
  assert_lacks (html, "href=\"//evil");
  assert_lacks (html, "onmouseover=\"");
  assert_has (html, "<a href=\"\">a</a>");
}

/* An attribute value as the browser reads it. */
static char *
decode_entities (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      const char *semi = *p == '&' ? strchr (p, ';') : NULL;

      if (semi == NULL)
        g_string_append_c (out, *p);
      else if (p[1] == '#')
        {
          gboolean hex = p[2] == 'x' || p[2] == 'X';

          g_string_append_unichar (out, (gunichar) g_ascii_strtoull (p + (hex ? 3 : 2), NULL, hex ? 16 : 10));
          p = semi;
        }
      else
        {
          static const struct { const char *name; char c; } named[] = {
            { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
          };
          guint k;

          for (k = 0; k < G_N_ELEMENTS (named); k++)
            if (g_str_has_prefix (p, named[k].name))
              break;
          g_assert_cmpuint (k, <, G_N_ELEMENTS (named));
          g_string_append_c (out, named[k].c);
          p = semi;
        }
    }
  return g_string_free (out, FALSE);
}

static void
assert_safe_url (const char *url,
                 const char *html)
{
  static const char * const schemes[] = {
    "http:", "https:", "mailto:", "lectern:", "lectern-seek:", "lectern-topic:",
    "lectern-tag:", "lectern-external:", NULL
  };
  g_autofree char *decoded = decode_entities (url);
  gsize scheme;

  url = decoded;
  scheme = strcspn (url, ":/?#");
  if (url[0] == '/' || url[0] == '\\' || strpbrk (url, "\t\n\r ") == url)
    g_error ("unsafe URL “%s” in:\n%s", url, html);
  if (url[scheme] != ':')
    return;
  for (guint i = 0; schemes[i] != NULL; i++)
    if (g_ascii_strncasecmp (url, schemes[i], scheme + 1) == 0)
      return;
  g_error ("URL with a forbidden scheme “%s” in:\n%s", url, html);
}

/* Every tag of a rendered page: a known element, no event handler, style
 * or other active attribute, every value quoted, URLs only with Lectern's
 * allowed schemes. Text may say anything: only markup is checked. */
static void
assert_safe_page (const char *html)
{
  g_assert_true (g_utf8_validate (html, -1, NULL));
  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p, '<'))
    {
      g_autofree char *name = NULL;
      const char *q = ++p;

      if (*q == '/')
        q++;
      p = q;
      while (g_ascii_isalnum (*q))
        q++;
      name = g_strndup (p, q - p);
      if (!g_strv_contains (test_allowed_tags, name))
        g_error ("element <%s> in:\n%s", name, html);

      for (;;)
        {
          g_autofree char *attr = NULL;
          g_autofree char *value = NULL;
          const char *a;

          while (*q == ' ' || *q == '\n')
            q++;
          if (*q == '>' || (q[0] == '/' && q[1] == '>'))
            break;
          a = q;
          while (*q != '\0' && *q != '=' && *q != ' ' && *q != '>' && *q != '/')
            q++;
          attr = g_ascii_strdown (a, q - a);
          if (g_str_has_prefix (attr, "on") || g_str_equal (attr, "style") || strchr (attr, ':') != NULL ||
              g_str_equal (attr, "srcdoc") || g_str_equal (attr, "formaction") || g_str_equal (attr, "srcset") ||
              g_str_equal (attr, "background") || attr[0] == '\0')
            g_error ("attribute “%s” on <%s> in:\n%s", attr, name, html);
          if (*q != '=')
            continue;
          if (q[1] != '"')
            g_error ("unquoted value of “%s” on <%s> in:\n%s", attr, name, html);
          a = q + 2;
          q = strchr (a, '"');
          g_assert_nonnull (q);
          value = g_strndup (a, q - a);
          q++;
          if (strpbrk (value, "<>") != NULL)
            g_error ("“%s” in a value on <%s> in:\n%s", value, name, html);
          if (g_str_equal (attr, "href") || g_str_equal (attr, "src") || g_str_equal (attr, "cite"))
            assert_safe_url (value, html);
          /* No link holds a web address (lec_external_href). */
          if (g_str_equal (name, "a") && g_str_equal (attr, "href") &&
              (g_ascii_strncasecmp (value, "http", 4) == 0 || g_ascii_strncasecmp (value, "mailto:", 7) == 0))
            g_error ("a link to the web as it was, “%s”, in:\n%s", value, html);
        }
    }
}

static char *
resolve_hostile (const char *target,
                 gboolean    embed,
                 gpointer    data)
{
  /* Every target resolves, to a path made of it, the way a vault with a
   * file of that name would. */
  return g_strconcat (target, embed ? "" : ".md", NULL);
}

/* Hostile markup in every place a note can hold it: nothing active gets
 * through to the page. */
static void
test_hostile_everywhere (void)
{
  static const char * const places[] = {
    "%s\n",
    "Inline %s text.\n",
    "[x](%s) and [y](%s \"t\")\n",
    "![x](%s)\n",
    "[x][r] and [r]\n\n[r]: %s\n",
    "<%s> and %s\n",
    "[[%s]] [[%s|label]] [[t|%s]] [[%s#%s]] ![[%s]] ![[p.png|%s]]\n",
    "> [!%s] t\n> b\n",
    "> [!info] %s\n> b\n",
    "> [!info|%s]\n> b\n",
    "---\ntitle: |-\n  %s\nvideoId: |-\n  %s\ntags: |-\n  %s\n---\nBody\n",
    "<a class=\"yt-timestamp\" data-t=\"%s\">[00:00:01]</a> <a class='yt-timestamp' data-t='%s'>%s</a>\n",
    "## %s\n",
    "| a |\n|---|\n| %s |\n",
    "==%s== #%s %%%s%% $%s$\n",
    "x[^1]\n\n[^1]: %s\n",
    "- [ ] %s\n",
    "```%s\ncode\n```\n",
  };
  static const char * const payloads[] = {
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<embed src=x.swf><object data=x.swf></object>",
    "<base href=\"https://evil.example/\"><meta http-equiv=refresh content=\"0;url=https://evil.example\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<form action=https://evil.example><button formaction=javascript:alert(1)>go</button></form>",
    "<style>*{background:url(https://evil.example/t)}</style><b style=\"color:red\">x</b>",
    "<svg><script>alert(1)</script></svg><svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "\" onmouseover=\"alert(1)",
    "'><script>alert(1)</script>",
    "x\" onclick=\"alert(1)\" y=\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    for (guint j = 0; j < G_N_ELEMENTS (payloads); j++)
      {
        g_auto(GStrv) parts = g_strsplit (places[i], "%s", -1);
        g_autofree char *text = g_strjoinv (payloads[j], parts);
        g_autoptr(LecNote) plain = parse (text);
        g_autoptr(LecNote) resolved = parse_full (text, resolve_hostile);
        g_autofree char *a = lec_note_render_html (plain);
        g_autofree char *b = lec_note_render_html (resolved);

        assert_safe_page (a);
        assert_safe_page (b);
      }
}

/* Notes are parsed on several threads at once (the index does, while the
 * window renders): each parse must come out as it does alone. */
typedef struct
{
  GBytes     *bytes;
  const char *expected;
  guint       differed;
} Parallel;

static gpointer
parse_repeatedly (gpointer data)
{
  Parallel *p = data;

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(LecNote) note = lec_note_new ("folder/note.md", p->bytes);
      g_autofree char *html = lec_note_render_html (note);

      if (!g_str_equal (html, p->expected))
        g_atomic_int_inc (&p->differed);
    }
  return NULL;
}

static void
test_parallel_parses (void)
{
  GString *s = g_string_new ("---\nvideoId: vid12345678\n---\n");
  g_autoptr(LecNote) alone = NULL;
  g_autofree char *expected = NULL;
  GThread *threads[4];
  Parallel p = { 0 };

  for (guint i = 0; i < 150; i++)
    g_string_append (s, "A ~~struck~~ and https://youtu.be/vid12345678?t=5 and www.example.org.\n\n"
                        "| a | b |\n|---|---|\n| x \\| y | z |\n\n");
  p.bytes = g_bytes_new_take (s->str, s->len);
  g_string_free (s, FALSE);
  alone = lec_note_new ("folder/note.md", p.bytes);
  expected = lec_note_render_html (alone);
  assert_has (expected, "<del>struck</del>");
  assert_has (expected, "href=\"lectern-seek:5\"");
  p.expected = expected;

  /* cmark-gfm's inline phases run in parallel, not under a lock. */
  g_assert_true (lec_markdown_parses_in_parallel ());
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parse", parse_repeatedly, &p);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (p.differed, ==, 0);
  g_bytes_unref (p.bytes);
}

/* A topic page shows each mention in its sentence, with the timestamp
 * that backs it; the page gives each link an id to be led to. */
static void
test_link_context (void)
{
  g_autoptr(LecNote) note = parse ("---\nvideoId: abcdefghijk\n---\n"
                                   "# Notes\n\n"
                                   "Light first. It travels as a [[wave_motion | wave]] through space "
                                   "<a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>. "
                                   "Then it stops.\n\n"
                                   "See also [[Wave Motion]] for more.\n\n"
                                   "| a | b |\n|---|---|\n| [[cell_topic]] | x |\n");
  g_autoptr(LecNote) early = parse ("Before any time, [[early]] comes.\n\n"
                                    "Later <a class=\"yt-timestamp\" data-t=\"00:00:09\">[00:00:09]</a>.\n");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *none = NULL;
  g_autofree char *html = NULL;
  int seconds = 0;

  /* Its own sentence, the full stop after the removed timestamp kept. */
  first = lec_note_dup_link_context (note, 0, &seconds);
  g_assert_cmpstr (first, ==, "It travels as a wave through space.");
  g_assert_cmpint (seconds, ==, 85);

  /* No timestamp in its paragraph: the last one before it. */
  second = lec_note_dup_link_context (note, 1, &seconds);
  g_assert_cmpstr (second, ==, "See also Wave Motion for more.");
  g_assert_cmpint (seconds, ==, 85);

  /* None before it and none in its paragraph. */
  none = lec_note_dup_link_context (early, 0, &seconds);
  g_assert_cmpstr (none, ==, "Before any time, early comes.");
  g_assert_cmpint (seconds, ==, -1);

  /* Each link is found in the page by its place, in a table cell too. */
  html = lec_note_render_html (note);
  assert_has (html, "id=\"lec-link-0\"");
  assert_has (html, "id=\"lec-link-1\"");
  assert_has (html, "<td><a id=\"lec-link-2\"");
}

/* Web images are never loaded by the page: they go through Lectern's
 * scheme, which fetches them only when the reader allows it. */
static void
test_web_images (void)
{
  g_autofree char *html = render ("![a](https://example.com/a.png?x=1&y=2) ![b](local.png)\n\n"
                                  "<img src=\"HTTP://example.org/b.jpg\">\n");

  assert_has (html, "<img src=\"lectern://remote/https%3A%2F%2Fexample.com%2Fa.png%3Fx%3D1%26y%3D2\" alt=\"a\"");
  assert_has (html, "<img src=\"lectern://remote/HTTP%3A%2F%2Fexample.org%2Fb.jpg\"");
  assert_has (html, "src=\"local.png\"");
  assert_lacks (html, "src=\"http");
}

/* Bytes that are not UTF-8 and control characters (not tabs or carriage
 * returns) count against a note's encoding bound, a thousand of them, and
 * the note is cut at the paragraph before the line that passes it;
 * valid text with as many tabs does not. */
static void
test_budget_encoding (void)
{
  static const struct { const char *bytes; gsize len; } bad[] = {
    { "\xff", 1 }, { "\x01", 1 }, { "\x1b", 1 }, { "\xe9t\xe9", 3 }, { "a\0b", 3 },
  };
  g_autoptr(GString) clean = g_string_new ("Intro.\n\n");
  LecBudget budget;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GString) body = g_string_new ("Intro.\n\n");
      gsize len = bad[i].len;

      for (guint line = 0; line < 1100; line++)
        {
          g_string_append_len (body, bad[i].bytes, (gssize) len);
          g_string_append (body, " words\n");
        }
      lec_budget_measure (body->str, body->len, &budget);
      g_assert_cmpint (budget.limit, ==, LEC_LIMIT_ENCODING);
      g_assert_cmpuint (budget.full_len, ==, strlen ("Intro.\n"));

      /* Below the bound, the whole note. */
      lec_budget_measure (body->str, strlen ("Intro.\n\n") + 450 * (len + strlen (" words\n")), &budget);
      g_assert_cmpint (budget.limit, ==, LEC_LIMIT_NONE);
    }

  for (guint line = 0; line < 2000; line++)
    g_string_append (clean, "\tcaf\xc3\xa9\r\n");
  lec_budget_measure (clean->str, clean->len, &budget);
  g_assert_cmpint (budget.limit, ==, LEC_LIMIT_NONE);
  g_assert_cmpuint (budget.full_len, ==, clean->len);
}

/* The budget's check of a note's encoding says what GLib's says, for
 * every place a bad byte can be in a word of eight: NUL, a stray
 * continuation, a character cut short at the end, an overlong form, a
 * surrogate, and random bytes. */
static void
test_utf8_check (void)
{
  static const char *const bad[] = {
    "\xff", "\x80", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x80",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    for (guint at = 0; at < 20; at++)
      {
        g_autoptr(GString) s = g_string_new ("caf\xc3\xa9 \xe2\x80\x94 words and more words");

        g_string_insert_len (s, at, bad[i], -1);
        g_assert_false (_lec_utf8_validate (s->str, s->len));
        g_assert_false (g_utf8_validate_len (s->str, s->len, NULL));
        g_string_insert_c (s, at, '\0');
        g_assert_false (_lec_utf8_validate (s->str, s->len));
        /* What comes before: cut inside a character or not. */
        g_assert_cmpint (_lec_utf8_validate (s->str, at), ==, g_utf8_validate_len (s->str, at, NULL));
      }

  for (guint i = 0; i < 20000; i++)
    {
      guchar bytes[24];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof bytes + 1);

      for (gsize k = 0; k < len; k++)
        {
          guint32 r = g_rand_int (rand);

          /* Mostly ASCII letters, as notes are. */
          bytes[k] = r % 4 != 0 ? (guchar) ('a' + r % 26) : (guchar) (r >> 8);
        }
      g_assert_cmpint (_lec_utf8_validate ((const char *) bytes, len), ==,
                       g_utf8_validate_len ((const char *) bytes, len, NULL));
    }
}

/* Words as the search index counts them (runs of letters, digits and
 * marks) and as the reader does (runs of anything but spaces), counted
 * here a character at a time, against the note's counts: the position of
 * a timestamp after them, and the note's word count. Random runs of
 * ASCII, other letters and spaces, so that every way a run can cross a
 * block of eight bytes is met. */
static void
test_word_counts (void)
{
  static const char *const pieces[] = {
    "a", "Zed", "42", "x9", " ", "  ", "\t", "\x0b", "\x0c", ",", ".", "'", "-", "(", "\xc3\xa9", "\xe2\x80\x94",
    "na\xc3\xafve", "\xc3\xbc" "ber", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x99\x82", "e\xcc\x81",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) text = g_string_new ("Start");
      g_autoptr(GString) md = g_string_new ("---\nvideoId: dQw4w9WgXcQ\n---\n");
      g_autoptr(LecNote) note = NULL;
      guint n = (guint) g_rand_int_range (rand, 0, 80), tokens = 0, words = 0;
      gboolean in_token = FALSE, in_word = FALSE;
      GArray *timestamps;

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      for (const char *p = text->str; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          gboolean token = g_unichar_isalnum (c) || g_unichar_ismark (c);
          gboolean word = !(c == ' ' || (c >= '\t' && c <= '\r'));

          tokens += token && !in_token;
          words += word && !in_word;
          in_token = token;
          in_word = word;
        }

      g_string_append_printf (md, "%s <a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>\n", text->str);
      note = parse (md->str);
      timestamps = lec_note_get_timestamps (note);
      g_assert_cmpuint (timestamps->len, ==, 1);
      g_assert_cmpuint (g_array_index (timestamps, LecTimestamp, 0).token_pos, ==, tokens);
      g_assert_cmpuint (lec_note_get_word_count (note), ==, words);
    }
}

/* Two parses of the same bytes hold the same facts. */
static void
assert_same_facts (LecNote *a,
                   LecNote *b)
{
  GArray *ha = lec_note_get_headings (a), *hb = lec_note_get_headings (b);
  GArray *la = lec_note_get_links (a), *lb = lec_note_get_links (b);
  GArray *ta = lec_note_get_timestamps (a), *tb = lec_note_get_timestamps (b);
  GArray *va = lec_note_get_video_titles (a), *vb = lec_note_get_video_titles (b);
  const char * const *tags_a = lec_note_get_tags (a), * const *tags_b = lec_note_get_tags (b);

  g_assert_cmpstr (lec_note_get_title (a), ==, lec_note_get_title (b));
  g_assert_cmpstr (lec_note_get_plain_text (a), ==, lec_note_get_plain_text (b));
  g_assert_cmpuint (lec_note_get_word_count (a), ==, lec_note_get_word_count (b));
  g_assert_cmpuint (lec_note_get_lead_tokens (a), ==, lec_note_get_lead_tokens (b));
  g_assert_cmpstr (lec_note_get_source (a), ==, lec_note_get_source (b));
  g_assert_cmpuint (lec_note_get_warnings (a)->len, ==, lec_note_get_warnings (b)->len);
  g_assert_true (g_strv_equal ((const char * const *) tags_a, (const char * const *) tags_b));

  g_assert_cmpuint (ha->len, ==, hb->len);
  for (guint i = 0; i < ha->len; i++)
    {
      LecHeading *x = &g_array_index (ha, LecHeading, i), *y = &g_array_index (hb, LecHeading, i);

      g_assert_cmpuint (x->level, ==, y->level);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpint (x->first_timestamp, ==, y->first_timestamp);
    }
  g_assert_cmpuint (la->len, ==, lb->len);
  for (guint i = 0; i < la->len; i++)
    {
      LecLink *x = &g_array_index (la, LecLink, i), *y = &g_array_index (lb, LecLink, i);

      g_assert_cmpstr (x->target, ==, y->target);
      g_assert_cmpstr (x->heading, ==, y->heading);
      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpstr (x->path, ==, y->path);
      g_assert_cmpint (x->embed, ==, y->embed);
      g_assert_cmpuint (x->plain_pos, ==, y->plain_pos);
    }
  g_assert_cmpuint (ta->len, ==, tb->len);
  for (guint i = 0; i < ta->len; i++)
    {
      LecTimestamp *x = &g_array_index (ta, LecTimestamp, i), *y = &g_array_index (tb, LecTimestamp, i);

      g_assert_cmpuint (x->seconds, ==, y->seconds);
      g_assert_cmpstr (x->shown, ==, y->shown);
      g_assert_cmpint (x->heading, ==, y->heading);
      g_assert_cmpuint (x->context_pos, ==, y->context_pos);
      g_assert_cmpuint (x->token_pos, ==, y->token_pos);
      g_assert_cmpuint (x->plain_pos, ==, y->plain_pos);
    }
  g_assert_cmpuint (va->len, ==, vb->len);
  for (guint i = 0; i < va->len; i++)
    {
      g_assert_cmpstr (g_array_index (va, LecVideoTitle, i).video_id, ==, g_array_index (vb, LecVideoTitle, i).video_id);
      g_assert_cmpstr (g_array_index (va, LecVideoTitle, i).title, ==, g_array_index (vb, LecVideoTitle, i).title);
    }
}

static void
assert_facts_only_same (const char *path,
                        GBytes     *bytes)
{
  g_autoptr(LecNote) full = lec_note_new (path, bytes);
  g_autoptr(LecNote) facts = lec_note_new_facts (path, bytes);

  assert_same_facts (full, facts);
}

/* The index parses notes for their facts only (lec_note_new_facts(),
 * without the page's HTML): the facts must be those of a parse for the
 * page. The project's sample notes, the fuzzers' seeds, and random notes
 * made of every piece of syntax the passes look at. */
static void
test_facts_only (void)
{
  static const char *const folders[] = { "../data/sample-notes", "fuzz/seeds/note" };
  static const char *const pieces[] = {
    "[[Topic]]", "[[Note#Part|shown]]", "![[image.png|200]]", "![[Other note]]", "[[#Local]]", "[[]]",
    "<a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>", "<a class='yt-timestamp' data-t='1:02:03'></a>",
    "[00:03:00]", "(4:05)", "[t](https://www.youtube.com/watch?v=vid12345678&t=65)", "[x](javascript:alert(1))",
    "<https://example.com/a>", "www.example.com", "![img](https://example.com/i.png)", "#tag", "#nested/tag",
    "==marked==", "%%hidden%%", "$x^2$", "$$\\int f$$", "*em*", "**strong**", "`code`", "~~gone~~", "<br/>",
    "<span>raw</span>", "[^1]", "caf\xc3\xa9", " ", "\n", "\n\n", "\n\n# Title\n\n", "\n\n## Part\n\n", "\n\n> [!info] Callout\n> body\n\n",
    "\n\n> quote\n\n", "\n\n- item\n- [ ] task\n\n", "\n\n| a | b |\n|---|---|\n| [[c]] | 1 |\n\n", "\n\n```\ncode [[no]]\n```\n\n",
    "\n\n### [Video](https://www.youtube.com/watch?v=abcdefghijk)\n\n", "\n\n[^1]: a footnote\n\n", "From: [[Channel]]", "words and more",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (29);
  guint files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, folders[i], NULL);
      g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (stack, g_steal_pointer (&dir_path));
      while (stack->len > 0)
        {
          g_autofree char *dir_name = g_ptr_array_steal_index (stack, stack->len - 1);
          g_autoptr(GDir) dir = g_dir_open (dir_name, 0, NULL);
          const char *name;

          g_assert_nonnull (dir);
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (dir_name, name, NULL);
              g_autofree char *text = NULL;
              gsize len;

              if (g_file_test (child, G_FILE_TEST_IS_DIR))
                g_ptr_array_add (stack, g_steal_pointer (&child));
              else if (g_str_has_suffix (name, ".md") && g_file_get_contents (child, &text, &len, NULL))
                {
                  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

                  assert_facts_only_same (name, bytes);
                  files++;
                }
            }
        }
    }
  g_assert_cmpuint (files, >=, 5);

  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(GString) md = g_string_new (g_rand_boolean (rand) ? "---\nvideoId: vid12345678\ntags: [a, b]\n---\n" : "");
      guint n = (guint) g_rand_int_range (rand, 1, 40);
      g_autoptr(GBytes) bytes = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_string_append (md, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          if (g_rand_int_range (rand, 0, 3) == 0)
            g_string_append_c (md, ' ');
        }
      bytes = g_bytes_new (md->str, md->len);
      assert_facts_only_same ("Channel/random note.md", bytes);
    }
}

/* Past its budget a note still opens: what comes before the paragraph that
 * passed a bound is rendered, with its facts, and the rest is plain text
 * under a notice, searchable but making no links. */
static void
test_budget (void)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Budget\nvideoId: dQw4w9WgXcQ\n---\n"
                                          "Intro [[alpha]] said <a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>.\n\n");
  g_autoptr(LecNote) note = NULL;
  g_autofree char *html = NULL;
  GArray *links, *timestamps;

  for (guint i = 0; i < 30000; i++)
    g_string_append (text, "[[x]] ");
  g_string_append (text, "\n\nAfter <b>bold</b> [[omega]] #tagged\n");
  note = parse (text->str);
  html = lec_note_render_html (note);

  assert_has (html, "<div class=\"lec-notice\" role=\"note\"><p>This note has too many links to show in full.");
  assert_has (html, "href=\"lectern-topic:alpha\"");
  assert_has (html, "<p class=\"lec-plain\">After &lt;b&gt;bold&lt;/b&gt; [[omega]] #tagged</p>");
  assert_lacks (html, "lectern-topic:omega");
  assert_lacks (html, "lectern-topic:x\"");
  assert_lacks (html, "<b>bold</b>");

  links = lec_note_get_links (note);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (g_array_index (links, LecLink, 0).target, ==, "alpha");
  timestamps = lec_note_get_timestamps (note);
  g_assert_cmpuint (timestamps->len, ==, 1);
  g_assert_cmpuint (g_array_index (timestamps, LecTimestamp, 0).seconds, ==, 5);
  g_assert_null (lec_note_get_tags (note)[0]);
  g_assert_nonnull (strstr (lec_note_get_plain_text (note), "After <b>bold</b> [[omega]] #tagged"));

  /* Pipes make a table's cells only in a table: a line of times written
   * "00:01 | 00:02 | …" is text, a table 300 columns wide is too wide. */
  {
    g_autoptr(GString) times = g_string_new ("---\ntitle: Times\n---\nSaid at [00:00:01");
    g_autoptr(GString) table = g_string_new ("---\ntitle: Table\n---\n");
    g_autoptr(LecNote) times_note = NULL;
    g_autoptr(LecNote) table_note = NULL;
    g_autofree char *times_html = NULL;
    g_autofree char *table_html = NULL;

    for (guint i = 0; i < 1500; i++)
      g_string_append (times, " | 00:00:02");
    g_string_append (times, "].\n");
    for (guint row = 0; row < 3; row++)
      {
        for (guint i = 0; i < 300; i++)
          g_string_append (table, row == 1 ? "|---" : "| x ");
        g_string_append (table, "|\n");
      }
    times_note = parse (times->str);
    table_note = parse (table->str);
    times_html = lec_note_render_html (times_note);
    table_html = lec_note_render_html (table_note);
    assert_lacks (times_html, "lec-notice");
    assert_has (table_html, "A table in this note is too large to show in full.");
  }

  /* Within every bound, no notice. */
  {
    g_autoptr(LecNote) small = parse ("---\ntitle: Small\n---\nJust [[alpha]].\n");
    g_autofree char *small_html = lec_note_render_html (small);

    assert_lacks (small_html, "lec-notice");
  }
}

/* Many headings of one text get ids in linear time, as before: a, a-1, …,
 * around an id the note took itself. */
static void
test_heading_ids (void)
{
  g_autoptr(GString) text = g_string_new ("## A\n## A-1\n");
  g_autoptr(LecNote) note = NULL;
  GArray *headings;

  for (guint i = 0; i < 3; i++)
    g_string_append (text, "## A\n");
  note = parse (text->str);
  headings = lec_note_get_headings (note);
  g_assert_cmpuint (headings->len, ==, 5);
  g_assert_cmpstr (g_array_index (headings, LecHeading, 0).id, ==, "a");
  g_assert_cmpstr (g_array_index (headings, LecHeading, 1).id, ==, "a-1");
  g_assert_cmpstr (g_array_index (headings, LecHeading, 2).id, ==, "a-2");
  g_assert_cmpstr (g_array_index (headings, LecHeading, 3).id, ==, "a-3");
  g_assert_cmpstr (g_array_index (headings, LecHeading, 4).id, ==, "a-4");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/note/wikilinks", test_wikilinks);
  g_test_add_func ("/note/reference-wikilink", test_reference_wikilink);
  g_test_add_func ("/note/embeds", test_embeds);
  g_test_add_func ("/note/transclusion", test_transclusion);
  g_test_add_func ("/note/callouts", test_callouts);
  g_test_add_func ("/note/timestamps", test_timestamps);
  g_test_add_func ("/note/timestamps-malformed", test_timestamps_malformed);
  g_test_add_func ("/note/plain-timestamps-need-a-video", test_plain_timestamps_need_a_video);
  g_test_add_func ("/note/inline-marks", test_inline_marks);
  g_test_add_func ("/note/marks-written-as-entities", test_marks_written_as_entities);
  g_test_add_func ("/note/math-and-code", test_math_and_code);
  g_test_add_func ("/note/math-autolinks", test_math_autolinks);
  g_test_add_func ("/note/math-spans", test_math_spans);
  g_test_add_func ("/note/code-is-opaque", test_code_is_opaque);
  g_test_add_func ("/note/code-blocks", test_code_blocks);
  g_test_add_func ("/note/markdown-fences", test_markdown_fences);
  g_test_add_func ("/note/facts", test_facts);
  g_test_add_func ("/note/parallel-parses", test_parallel_parses);
  g_test_add_func ("/note/link-context", test_link_context);
  g_test_add_func ("/note/web-images", test_web_images);
  g_test_add_func ("/note/hostile-markdown", test_hostile_markdown);
  g_test_add_func ("/note/hostile-everywhere", test_hostile_everywhere);
  g_test_add_func ("/note/budget", test_budget);
  g_test_add_func ("/note/budget-encoding", test_budget_encoding);
  g_test_add_func ("/note/utf8-check", test_utf8_check);
  g_test_add_func ("/note/word-counts", test_word_counts);
  g_test_add_func ("/note/facts-only", test_facts_only);
  g_test_add_func ("/note/heading-ids", test_heading_ids);

  return g_test_run ();
}
