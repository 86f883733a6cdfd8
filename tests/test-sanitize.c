/* test-sanitize.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-sanitize.h"
#include "test-util.h"

#include <string.h>

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static char *
sanitize (const char *html)
{
  return lec_sanitize_html (html, strlen (html));
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return strstr (h, n) != NULL;
}


static const char * const allowed_attributes[] = {
  "class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "href",
  "name", "src", "alt", "width", "height", "align", "colspan", "rowspan",
  "start", "type", "value", "open", "datetime", "span", "cite", "checked",
  "disabled", NULL
};

static const char * const url_schemes[] = {
  "http:", "https:", "mailto:", "lectern:", "lectern-seek:", "lectern-topic:",
  "lectern-note:", "lectern-external:", NULL
};

static void
assert_safe_url (const char *url)
{
  gsize scheme = strcspn (url, ":/?#");

  g_assert_cmpint (url[0], !=, '/');
  g_assert_cmpint (url[0], !=, '\\');
  g_assert_null (strpbrk (url, "\t\n\r"));
  if (url[scheme] != ':')
    return;
  for (guint i = 0; url_schemes[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (url, url_schemes[i], scheme + 1) == 0)
        return;
    }
  g_error ("URL with a forbidden scheme: %s", url);
}

/* Checks one start tag from the output: a known name, known attributes,
 * every value double-quoted with nothing that could end it. */
static void
assert_safe_tag (const char *tag,
                 const char *end)
{
  g_autofree char *name = NULL;
  const char *p = tag + 1;

  if (*p == '/')
    p++;
  while (p < end && (g_ascii_islower (*p) || g_ascii_isdigit (*p)))
    p++;
  name = g_strndup (tag + 1 + (tag[1] == '/'), p - tag - 1 - (tag[1] == '/'));
  if (!g_strv_contains (test_allowed_tags, name))
    g_error ("Element not in the allowlist: <%s>", name);

  while (p < end)
    {
      g_autofree char *attribute = NULL;
      g_autofree char *value = NULL;
      const char *eq;
      const char *close;

      g_assert_cmpint (*p, ==, ' ');
      eq = strstr (p, "=\"");
      g_assert_true (eq != NULL && eq < end);
      attribute = g_strndup (p + 1, eq - p - 1);
      close = strchr (eq + 2, '"');
      g_assert_true (close != NULL && close < end);
      value = g_strndup (eq + 2, close - eq - 2);
      if (!g_strv_contains (allowed_attributes, attribute) &&
          !(g_str_has_prefix (attribute, "data-") &&
            strspn (attribute + 5, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen (attribute + 5)))
        g_error ("Attribute not in the allowlist: %s in <%s>", attribute, name);
      g_assert_null (strpbrk (value, "<>"));
      if (g_str_equal (attribute, "href") || g_str_equal (attribute, "src") || g_str_equal (attribute, "cite"))
        assert_safe_url (value);
      /* A link never holds a web address WebKit could connect to before
       * the reader agreed (lec_external_href). */
      if (g_str_equal (name, "a") && g_str_equal (attribute, "href") &&
          (g_ascii_strncasecmp (value, "http", 4) == 0 || g_ascii_strncasecmp (value, "mailto:", 7) == 0))
        g_error ("A link to the web as it was: %s", value);
      p = close + 1;
    }
}

/* Invariants that must hold for any output, whatever the input. */
static void
assert_safe (const char *html)
{
  g_assert_true (g_utf8_validate (html, -1, NULL));
  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      const char *end = strchr (p, '>');

      g_assert_nonnull (end);
      assert_safe_tag (p, end);
    }
}

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *out = sanitize (cases[i].input);

      assert_safe (out);
      if (g_strcmp0 (out, cases[i].expected) != 0)
        g_error ("Sanitizing %s\n gave %s\n  not %s", cases[i].input, out, cases[i].expected);
    }
}

/* What cmark-gfm and Lectern's own passes write must come through as is. */
static void
test_allowed_survives (void)
{
  static const Case cases[] = {
    { "<a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>",
      "<a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>" },
    { "<details><summary>S</summary>x</details>", "<details><summary>S</summary>x</details>" },
    { "<details open><summary>S</summary>x</details>", "<details open=\"\"><summary>S</summary>x</details>" },
    { "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>" },
    { "<mark>key point</mark>", "<mark>key point</mark>" },
    { "E = mc<sup>2</sup>, H<sub>2</sub>O", "E = mc<sup>2</sup>, H<sub>2</sub>O" },
    { "From: x <br/> y<br>z", "From: x <br> y<br>z" },
    { "<img src=\"pics/a.png\" alt=\"x\" />", "<img src=\"pics/a.png\" alt=\"x\">" },
    { "<img src=\"a.png\" alt=\"A\" title=\"T\" width=\"20\" height=\"10\">",
      "<img src=\"a.png\" alt=\"A\" title=\"T\" width=\"20\" height=\"10\">" },
    { "<a href=\"https://example.org/?a=1&amp;b=2\">x</a>", "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F%3Fa%3D1%26b%3D2\">x</a>" },
    { "<a href=\"https://example.org/?a=1&b=2\">x</a>", "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F%3Fa%3D1%26b%3D2\">x</a>" },
    { "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F%3Fa%3D1%26b%3D2\">x</a>", "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F%3Fa%3D1%26b%3D2\">x</a>" },
    { "<a href=\"lectern-seek:85\">1:25</a>", "<a href=\"lectern-seek:85\">1:25</a>" },
    { "<a href=\"LECTERN-NOTE:Some%20Note\">n</a>", "<a href=\"LECTERN-NOTE:Some%20Note\">n</a>" },
    { "<a href=\"lectern-topic:optics\">t</a> <a href=\"lectern:settings\">s</a>",
      "<a href=\"lectern-topic:optics\">t</a> <a href=\"lectern:settings\">s</a>" },
    { "<a href=\"mailto:a@example.org\">m</a> <a href=\"HTTP://example.org\">h</a>",
      "<a href=\"lectern-external:mailto%3Aa%40example.org\">m</a> <a href=\"lectern-external:HTTP%3A%2F%2Fexample.org\">h</a>" },
    { "<a href=\"#fn-1\">1</a><a href=\"?q=1\">q</a><a href=\"./x.md\">x</a><a href=\"pics/a b.png\">p</a>",
      "<a href=\"#fn-1\">1</a><a href=\"?q=1\">q</a><a href=\"./x.md\">x</a><a href=\"pics/a b.png\">p</a>" },
    { "<a href=\"  https://example.org/  \">x</a>", "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F\">x</a>" },
    { "<a name=\"anchor\" id=\"i\" title=\"t\" lang=\"en\" dir=\"ltr\" aria-label=\"l\" aria-hidden=\"true\">x</a>",
      "<a name=\"anchor\" id=\"i\" title=\"t\" lang=\"en\" dir=\"ltr\" aria-label=\"l\" aria-hidden=\"true\">x</a>" },
    /* cmark-gfm's task lists, tables, code blocks and footnotes. */
    { "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n"
      "<li><input type=\"checkbox\" disabled=\"\" /> todo</li>\n</ul>\n",
      "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\"> done</li>\n"
      "<li><input type=\"checkbox\" disabled=\"\"> todo</li>\n</ul>\n" },
    { "<table>\n<thead>\n<tr>\n<th align=\"center\">a</th>\n</tr>\n</thead>\n"
      "<tbody>\n<tr>\n<td align=\"right\" data-sourcepos=\"8:2-8:4\">1</td>\n</tr>\n</tbody>\n</table>\n",
      "<table>\n<thead>\n<tr>\n<th align=\"center\">a</th>\n</tr>\n</thead>\n"
      "<tbody>\n<tr>\n<td align=\"right\" data-sourcepos=\"8:2-8:4\">1</td>\n</tr>\n</tbody>\n</table>\n" },
    { "<pre><code class=\"language-python\">x = 1 &lt; 2 &amp;&amp; y &gt; 3\n\tz = \"q\"\n</code></pre>\n",
      "<pre><code class=\"language-python\">x = 1 &lt; 2 &amp;&amp; y &gt; 3\n\tz = \"q\"\n</code></pre>\n" },
    { "<pre>\n\n  indented</pre>", "<pre>\n\n  indented</pre>" },
    { "<p>Text<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup></p>\n"
      "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>Note. "
      "<a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">\xe2\x86\xa9</a></p>\n"
      "</li>\n</ol>\n</section>\n",
      "<p>Text<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref=\"\">1</a></sup></p>\n"
      "<section class=\"footnotes\" data-footnotes=\"\">\n<ol>\n<li id=\"fn-1\">\n<p>Note. "
      "<a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref=\"\" aria-label=\"Back to content\">\xe2\x86\xa9</a></p>\n"
      "</li>\n</ol>\n</section>\n" },
    { "<ol start=\"3\" type=\"a\"><li value=\"7\">x</li></ol>", "<ol start=\"3\" type=\"a\"><li value=\"7\">x</li></ol>" },
    { "<blockquote cite=\"https://example.org\"><p>q</p></blockquote>",
      "<blockquote cite=\"https://example.org\"><p>q</p></blockquote>" },
    { "<div class=\"callout\" data-callout=\"info\"><p><strong>Note</strong> <em>x</em> <del>y</del> <ins>z</ins></p></div>",
      "<div class=\"callout\" data-callout=\"info\"><p><strong>Note</strong> <em>x</em> <del>y</del> <ins>z</ins></p></div>" },
    { "<h1 id=\"a\">A</h1><h6>F</h6><hr /><dl><dt>t</dt><dd>d</dd></dl>",
      "<h1 id=\"a\">A</h1><h6>F</h6><hr><dl><dt>t</dt><dd>d</dd></dl>" },
    { "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> <abbr title=\"HyperText\">HTML</abbr> <time datetime=\"2024-05-01\">May</time>",
      "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> <abbr title=\"HyperText\">HTML</abbr> <time datetime=\"2024-05-01\">May</time>" },
    { "<figure><img src=\"a.png\" alt=\"\"><figcaption>c</figcaption></figure>",
      "<figure><img src=\"a.png\" alt=\"\"><figcaption>c</figcaption></figure>" },
    { "<table><colgroup span=\"2\"><col span=\"1\"></colgroup><caption>c</caption><tr><td colspan=\"2\" rowspan=\"3\">x</td></tr></table>",
      "<table><colgroup span=\"2\"><col span=\"1\"></colgroup><caption>c</caption><tbody><tr><td colspan=\"2\" rowspan=\"3\">x</td></tr></tbody></table>" },
    { "<span title='a\"b<c>&amp;d'>x</span>", "<span title=\"a&quot;b&lt;c&gt;&amp;d\">x</span>" },
    { "a &lt;b&gt; &amp; \"c\" &nbsp;d", "a &lt;b&gt; &amp; \"c\" \xc2\xa0" "d" },
    { "Plain text, no markup.", "Plain text, no markup." },
    { "", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_unknown_and_structure (void)
{
  static const Case cases[] = {
    /* Unknown elements lose their tags and keep their content. */
    { "<center><font color=red>x</font></center><custom-el a=b>y</custom-el>", "xy" },
    { "<main><p>m</p></main><bdi>b</bdi><label>l</label><fieldset><legend>g</legend>f</fieldset>",
      "<p>m</p>blgf" },
    /* Unclosed and misnested tags become the tree a browser builds. */
    { "<div><b>x", "<div><b>x</b></div>" },
    { "<p>a<p>b", "<p>a</p><p>b</p>" },
    { "<b>1<i>2</b>3</i>", "<b>1<i>2</i></b><i>3</i>" },
    { "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>" },
    { "<table><td>x</table>", "<table><tbody><tr><td>x</td></tr></tbody></table>" },
    /* No quirks: a table closes an open paragraph. */
    { "<p>a<table><tr><td>x</td></tr></table>", "<p>a</p><table><tbody><tr><td>x</td></tr></tbody></table>" },
    /* Comments, doctypes and processing instructions go. */
    { "<p>a</p><!-- c --><p>b</p><!DOCTYPE html><?xml x?>", "<p>a</p><p>b</p>" },
    { "<html lang=x><head><title>t</title></head><body class=y>z</body></html>", "z" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_hostile (void)
{
  static const Case cases[] = {
    { "<script>alert(1)</script>x", "x" },
    { "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>x", "x" },
    { "<script>document.write('<p>')</script><p>y</p>", "<p>y</p>" },
    { "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)" },
    { "<script><!--<script></script><p>hidden</p>--></script><i>y</i>", "<i>y</i>" },
    { "<img src=x onerror=alert(1)>", "<img src=\"x\">" },
    { "<IMG SRC=x ONERROR=\"alert(1)\">", "<img src=\"x\">" },
    { "<img src=\"https://tracker.example/p.gif\" srcset=\"evil.png 2x\">",
      "<img src=\"lectern://remote/https%3A%2F%2Ftracker.example%2Fp.gif\">" },
    { "<img srcset=\"x.png 1x\" alt=\"a\">", "" },
    { "<img src=\"javascript:alert(1)\">", "" },
    { "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "" },
    { "<div onmouseover=\"alert(1)\" class=\"c\" id=\"i\">x</div>", "<div class=\"c\" id=\"i\">x</div>" },
    { "<a href=\"https://ok.example/\" onclick=\"alert(1)\" target=\"_blank\" rel=\"opener\">x</a>",
      "<a href=\"lectern-external:https%3A%2F%2Fok.example%2F\">x</a>" },
    { "<body onload=alert(1)><p onpointerenter=x>y</p>", "<p>y</p>" },
    { "<details open ontoggle=alert(1)><summary>s</summary></details>",
      "<details open=\"\"><summary>s</summary></details>" },
    { "<p style=\"background:url(https://evil.example/t.png)\">x</p>", "<p>x</p>" },
    { "<style>body{background:url(https://evil.example/t.png)}</style>x", "x" },
    { "<div background=\"https://evil.example/t.png\" role=\"button\" tabindex=\"0\">x</div>", "<div>x</div>" },
    { "<iframe src=\"https://evil.example\"></iframe>x", "x" },
    { "<iframe srcdoc=\"<script>alert(1)</script>\">fallback</iframe>", "" },
    { "<frameset><frame src=x></frameset><embed src=x.swf><applet code=x>a</applet>", "" },
    { "<object data=\"x.swf\"><param name=a value=b>fallback</object>", "" },
    { "<base href=\"https://evil.example/\"><a href=\"x\">x</a>", "<a href=\"x\">x</a>" },
    { "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "" },
    { "<link rel=stylesheet href=https://evil.example/x.css>", "" },
    { "<form action=\"https://evil.example\"><input name=q><button formaction=\"javascript:alert(1)\">Go</button></form>", "Go" },
    { "<input type=\"text\" value=\"x\"><input type=\"image\" src=\"x\"><input type=\"checkbox\" onclick=\"x\" name=\"n\">",
      "<input type=\"checkbox\" disabled=\"\">" },
    { "<textarea><p>x</p></textarea><select><option>o</option></select><title>t</title>", "" },
    { "<xmp><p>x</p></xmp><plaintext><p>rest</p>", "" },
    { "<noembed><img src=x onerror=alert(1)></noembed><noframes><p>x</p></noframes>", "" },
    { "<noscript><img src=x onerror=alert(1)></noscript>", "" },
    { "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "" },
    { "<template><script>alert(1)</script></template>", "" },
    { "<svg><script>alert(1)</script></svg>", "" },
    { "<svg onload=alert(1)>", "" },
    /* An unclosed <svg> takes everything after it along. */
    { "<svg/onload=alert(1)><p>after</p>", "" },
    { "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>", "" },
    { "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", "" },
    { "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>", "" },
    { "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">", "" },
    { "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">click</maction></math>", "" },
    { "<math><style><img src=x onerror=alert(1)></style></math>", "" },
    { "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "" },
    { "<math><mi xlink:href=\"data:x,<script>alert(1)</script>\">x</mi></math>", "" },
    { "<!-- --><script>alert(1)</script>", "" },
    { "<!--><script>alert(1)</script>-->", "--&gt;" },
    { "<![CDATA[<script>alert(1)</script>]]>", "alert(1)]]&gt;" },
    { "<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"  javascript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"\x01\x02javascript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"java\nscript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"java&#x09;script:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"java&Tab;script&NewLine;:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>" },
    { "<a href=javascript:alert(1)>x</a>", "<a>x</a>" },
    { "<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>" },
    { "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "<a>x</a>" },
    { "<a href=\"file:///etc/passwd\">x</a><a href=\"blob:https://a/b\">y</a><a href=\"about:blank\">z</a>",
      "<a>x</a><a>y</a><a>z</a>" },
    { "<a href=\"//evil.example/x\">x</a>", "<a>x</a>" },
    { "<a href=\"/\\evil.example\">x</a><a href=\"\\\\evil.example\">y</a><a href=\"/etc/passwd\">z</a>",
      "<a>x</a><a>y</a><a>z</a>" },
    { "<a href=\"ht\ttps://example.org/\">x</a>", "<a href=\"lectern-external:https%3A%2F%2Fexample.org%2F\">x</a>" },
    { "<a href=\"unknown:x\">x</a><a href=\"jav&#0;ascript:alert(1)\">y</a>", "<a>x</a><a>y</a>" },
    { "<q cite=\"javascript:alert(1)\">q</q><blockquote cite=\"//evil\">b</blockquote>", "<q>q</q><blockquote>b</blockquote>" },
    { "<div data-x=\"1\" data-X_y=\"2\" data-=\"3\" data-a:b=\"4\">x</div>", "<div data-x=\"1\">x</div>" },
    { "<td colspan=\"2x\">x</td><img src=a width=\"100%\" height=\"-1\">", "x<img src=\"a\">" },
    { "<a href=\"x\" id=\"\"onclick=alert(1)\">x</a>", "<a href=\"x\" id=\"\">x</a>" },
    { "<a href=\"x\" id='\"onclick=alert(1)'>x</a>", "<a href=\"x\" id=\"&quot;onclick=alert(1)\">x</a>" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Checks that none of the dangerous markup that a hostile case carries
 * reaches the output, whatever else happens to it. */
static void
test_hostile_substrings (void)
{
  static const char * const inputs[] = {
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\n=\nalert(1)>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"&#x20;javascript:alert(1)\">x</a>",
    "<a href=\"javascript&#58;alert(1)\">x</a>",
    "<a href=\"j&#97;vascript:alert(1)\">x</a>",
    "<a href=\"\xc2\xa0javascript:alert(1)\">x</a>",
    "<a href=\"&#14;javascript:alert(1)\">x</a>",
    "<svg><script xlink:href=data:,alert(1)></script></svg>",
    "<svg><set attributeName=onload to=alert(1)></svg>",
    "<math href=\"javascript:alert(1)\">CLICK</math>",
    "<table><td background=\"javascript:alert(1)\">x</td></table>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<image src=1 onerror=alert(1)>",
    "<object type=\"text/x-scriptlet\" data=\"javascript:alert(1)\"></object>",
    "<x onclick=alert(1)>click</x>",
    "<a href=\"\" onfocus=alert(1) autofocus>x</a>",
    "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select><style></select><img src=x onerror=alert(1)></style>",
    "<template><style></template><img src=x onerror=alert(1)></style>",
    "<noscript><style></noscript><img src=x onerror=alert(1)></style>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title><script>alert(1)</script></title>",
    "<iframe><iframe src=javascript:alert(1)></iframe>",
    "<style><img src=x onerror=alert(1)></style>",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<!-- a --!><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\"><svg><a xlink:href=\"javascript:alert(2)\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title=\"</style><img src onerror=alert(1)>\"></style></h1>",
    "<svg><p><style><img src=x onerror=alert(1)></p></svg>",
    "<div id=\"</div><script>alert(1)</script>\">x</div>",
    "<a href=\"https://ok/\" title=\"x\" xlink:href=\"javascript:alert(1)\">x</a>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta charset=\"x-imap4-modified-utf7\">&ADz&AGn&AG0&AEf&ACA&AHM&AHI&AGO&AD0&AGn&ACA&AG8Abg&AGUAcgByAG8AcgA9AGEAbABlAHIAdAAoADEAKQ&ACAAPABi",
  };
  static const char * const forbidden[] = {
    "<script", "<iframe", "<svg", "<math", "<style", "<object", "<embed", "<base",
    "<meta", "<link", "<form", "<button", "<noscript", "<template", "<textarea",
    "<title", "<select", "<video", "<audio", "javascript:", "vbscript:", "data:",
    " onerror", " onload", " onclick", " onfocus", " onstart", "style=", "xlink",
    "background=", "formaction", "srcset", "expression(",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *out = sanitize (inputs[i]);

      assert_safe (out);
      for (gsize j = 0; j < G_N_ELEMENTS (forbidden); j++)
        {
          if (contains_ci (out, forbidden[j]))
            g_error ("Sanitizing %s\n gave %s, which contains %s", inputs[i], out, forbidden[j]);
        }
    }
}

/* A nul byte must not end the input early, nor hide anything after it. */
static void
test_nul_bytes (void)
{
  static const char input[] = "a\0<script>alert(1)</script>\0b<img src=x o\0nerror=alert(1)><p>c\0d</p>";
  g_autofree char *out = lec_sanitize_html (input, sizeof input - 1);

  assert_safe (out);
  g_assert_false (contains_ci (out, "<script"));
  g_assert_false (contains_ci (out, "alert"));
  g_assert_nonnull (strstr (out, "<p>c"));
  g_assert_true (g_str_has_prefix (out, "a"));
}

static void
test_invalid_utf8 (void)
{
  static const char input[] = "a\xff\xfe" "b\xc3<p title=\"\xed\xa0\x80\">\xf4\x90\x80\x80&#xD800;&#x110000;&#0;c</p>\xe2\x82";
  g_autofree char *out = lec_sanitize_html (input, sizeof input - 1);

  assert_safe (out);
  g_assert_true (g_str_has_prefix (out, "a"));
  g_assert_nonnull (strstr (out, "c</p>"));
}

static void
test_nul_terminated (void)
{
  g_autofree char *out = lec_sanitize_html ("<b>x</b><script>y</script>", -1);

  g_assert_cmpstr (out, ==, "<b>x</b>");
}

/* Random tag soup from a vocabulary of hostile and ordinary pieces: the
 * invariants hold for whatever the parser makes of it. (Its text may well
 * read "onload=", so only the markup is checked.) */
static void
test_tag_soup (void)
{
  static const char * const pieces[] = {
    "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<a href=\"javascript:x\">",
    "<a href=\"https://ok/\">", "</a>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<li>",
    "<ul>", "</ul>", "<svg>", "</svg>", "<math>", "</math>", "<mtext>", "<mglyph>", "<style>",
    "</style>", "<script>", "</script>", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<template>",
    "</template>", "<select>", "</select>", "<option>", "<textarea>", "</textarea>", "<noscript>",
    "</noscript>", "<img src=x onerror=alert(1)>", "<img src=\"ok.png\">", "<foreignObject>",
    "<title>", "</title>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "<form>", "</form>",
    "<button>", "<plaintext>", "\"", "'", "<", ">", "=", " onload=alert(1) ", "text", "&amp;",
    "&#106;", "\n", "<pre>", "</pre>", "<code>", "<br>", "<input type=checkbox>", "<details>",
    "<summary>", "<h1>", "<h2>", "<blockquote>", "<dl><dt>", "<dd>", "<caption>", "<col>",
    "<colgroup>", "<tbody>", "<frameset>", "<body>", "<html>", "<head>", "<base href=x>",
    "<span title=\"", "<x-y>", "</x-y>", "<image>", "<isindex>", "<ruby><rt>", "<center>",
  };
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint doc = 0; doc < 3000; doc++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autofree char *out = NULL;
      guint n = g_rand_int_range (rand, 1, 120);

      for (guint i = 0; i < n; i++)
        g_string_append (input, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      out = lec_sanitize_html (input->str, input->len);
      assert_safe (out);
    }
  g_rand_free (rand);
}

/* The guard keeps what gumbo is asked to do bounded; what it cuts must
 * not change well-formed content around it. */
static void
test_guard (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GString) attributes = g_string_new ("<div class=\"k\"");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;
  guint count = 0;

  for (guint i = 0; i < 600; i++)
    g_string_append (input, "<div>");
  g_string_append (input, "deep");
  for (guint i = 0; i < 600; i++)
    g_string_append (input, "</div>");
  g_string_append (input, "<p>after</p>");
  out = sanitize (input->str);
  assert_safe (out);
  for (const char *p = strstr (out, "<div>"); p != NULL; p = strstr (p + 1, "<div>"))
    count++;
  g_assert_cmpuint (count, ==, 512);
  g_assert_nonnull (strstr (out, "<div>deep</div>"));
  g_assert_true (g_str_has_suffix (out, "</div><p>after</p>"));

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (attributes, " a%u", i);
  g_string_append (attributes, " id=\"late\">x</div><p>after</p>");
  out2 = sanitize (attributes->str);
  g_assert_cmpstr (out2, ==, "<div class=\"k\">x</div><p>after</p>");

  out3 = sanitize ("<svg/><svg><circle/><path d=\"M0\"/></svg><select><option>o</select>"
                   "<template><p>t</p></template><math><mi>x</mi></math><p>after</p>");
  g_assert_cmpstr (out3, ==, "<p>after</p>");
}

/* Sanitizes @input within @limit seconds of this thread's CPU time (not
 * the wall clock, which other processes on a busy machine stretch); the
 * best of three runs counts. */
static void
check_fast (const char *what,
            GString    *input,
            gdouble     limit)
{
  gdouble best = G_MAXDOUBLE;

  for (guint attempt = 0; attempt < 3 && best > limit; attempt++)
    {
      g_autofree char *out = NULL;
      gdouble start = test_thread_seconds ();

      out = lec_sanitize_html (input->str, input->len);
      best = MIN (best, test_thread_seconds () - start);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
  g_test_message ("%s: %zu bytes in %.1f ms of CPU", what, input->len, best * 1000);
  if (!g_getenv ("LECTERN_TEST_NO_TIMING") && best > limit)
    g_error ("%s took %.2f s of CPU", what, best);
}

/* @times copies of @open, where "%u" stands for the copy's number. */
static GString *
repeat (const char *open,
        guint       times,
        const char *middle)
{
  GString *s = g_string_sized_new (strlen (open) * times + 16);
  const char *number = strstr (open, "%u");

  for (guint i = 0; i < times; i++)
    {
      if (number == NULL)
        {
          g_string_append (s, open);
          continue;
        }
      g_string_append_len (s, open, number - open);
      g_string_append_printf (s, "%u", i);
      g_string_append (s, number + 2);
    }
  g_string_append (s, middle);
  return s;
}

static void
test_pathological (void)
{
  static const struct {
    const char *name;
    const char *open;
  } nests[] = {
    { "25k nested div", "<div>" },
    { "25k nested blockquote", "<blockquote>" },
    { "25k nested lists", "<ul><li>" },
    { "25k nested formatting", "<b><i><u><s>x" },
    { "25k misnested blocks", "<b><div></b>" },
    { "25k misnested links", "<a><div></a>" },
    { "25k stray end tags", "<div></p>" },
    { "25k reopened formatting", "<p><b id=%u>x</p>" },
    { "25k reopened formatting in tables", "<table><b id=%u>x</table>y" },
    { "25k cells", "<table><td>" },
    { "25k blocks around tables", "<div><table></div>" },
    { "25k closing list items", "<li><span><li></li><div></li>" },
    { "25k paragraphs around blocks", "<p><span><div></p>" },
    { "25k hidden end tags", "<div title=\"</div>\">" },
    { "25k svg", "<svg><foreignObject><style></svg></div>" },
    { "25k unknown", "<x-a><x-b></x-a>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (nests); i++)
    {
      g_autoptr(GString) input = repeat (nests[i].open, 25000, "end");

      check_fast (nests[i].name, input, 1.0);
    }
}

static void
test_huge_text (void)
{
  g_autoptr(GString) text = repeat ("abcdefghi ", 1000000, "");
  g_autoptr(GString) entities = repeat ("a&amp;b<&>\"c ", 100000, "");
  g_autoptr(GString) attribute = g_string_new ("<a title=\"");
  g_autoptr(GString) url = g_string_new ("<a href=\"");

  check_fast ("10 MB line", text, 1.0);
  check_fast ("1 MB of entities", entities, 1.0);

  for (guint i = 0; i < 1000000; i++)
    g_string_append (attribute, "0123456789");
  g_string_append (attribute, "\">x</a>");
  check_fast ("10 MB attribute", attribute, 1.0);

  for (guint i = 0; i < 500000; i++)
    g_string_append (url, "a\tb");
  g_string_append (url, "\">x</a>");
  check_fast ("URL with 500k tabs", url, 1.0);
}

/* Note HTML as the renderer makes it: headings, paragraphs, links,
 * timestamps, lists, quotes, code and tables. */
static GString *
typical_note (gsize size)
{
  static const char section[] =
    "<h2 id=\"metas-vision\">Meta's Vision for AI</h2>\n"
    "<p>Meta's AI development is not just about creating more intelligent systems but also about "
    "integrating these systems seamlessly into daily lives. With nearly a billion people using "
    "<a href=\"lectern-note:Meta%20AI\" class=\"wikilink\">Meta AI</a> monthly, the company is setting its "
    "sights on personalization <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.</p>\n"
    "<blockquote>\n<p><strong>Personalized AI</strong><br />\nMeta aims to harness user-specific data &amp; "
    "interactions <a href=\"https://example.org/?a=1&amp;b=2\">link</a>.</p>\n</blockquote>\n"
    "<ul>\n<li>Llama 3 &gt; Llama 2 <em>mostly</em></li>\n<li><input type=\"checkbox\" disabled=\"\" /> "
    "check <code>x &lt; y</code></li>\n</ul>\n"
    "<pre><code class=\"language-python\">for i in range(10):\n    print(i &lt; 5)\n</code></pre>\n"
    "<table>\n<thead>\n<tr>\n<th align=\"left\">Model</th>\n<th>Size</th>\n</tr>\n</thead>\n"
    "<tbody>\n<tr>\n<td align=\"left\">Scout</td>\n<td>17B</td>\n</tr>\n</tbody>\n</table>\n";
  GString *s = g_string_sized_new (size + sizeof section);

  while (s->len < size)
    g_string_append (s, section);
  return s;
}

static void
test_typical_note (void)
{
  g_autoptr(GString) note = typical_note (1024 * 1024);
  g_autofree char *out = NULL;

  check_fast ("1 MB note", note, 1.0);

  /* Renderer output comes through unchanged, apart from void tags. */
  g_string_truncate (note, 0);
  g_string_append (note, "<p>a <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a> b<br />c</p>\n");
  out = lec_sanitize_html (note->str, note->len);
  g_assert_cmpstr (out, ==, "<p>a <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a> b<br>c</p>\n");
}

/* Links out of Lectern reach the page as "lectern-external:" and the
 * escaped address, and only http, https and mailto addresses come back. */
static void
test_external_href (void)
{
  static const char * const urls[] = {
    "https://attacker.example/x?a=1&b=\"2\"#top", "http://127.0.0.1:8/", "mailto:a@example.org",
    "HTTPS://example.org/a b", "https://example.org/%41%2F",
  };
  static const char * const refused[] = {
    "javascript:alert(1)", "ftp://example.org/", "ws://example.org/", "file:///etc/passwd",
    "data:text/html,x", "//example.org/", "www.example.org", "lectern://vault/a.md", "x.md", "",
  };
  static const char * const bad_hrefs[] = {
    "lectern-external:javascript%3Aalert(1)", "lectern-external:%2F%2Fevil.example",
    "lectern-external:ftp%3A%2F%2Fx", "lectern-external:https%3A%2F%2Fa%0A.example",
    "lectern-external:https%3A%2F%2Fa%00.example", "lectern-external:", "https://example.org/",
    "lectern-externalx:https%3A%2F%2Fa", "lectern://remote/https%3A%2F%2Fa",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *href = lec_external_href (urls[i], -1);
      g_autofree char *back = lec_external_href_to_url (href);

      g_assert_true (g_str_has_prefix (href, "lectern-external:"));
      /* Nothing in it that a URL parser would read as a host or a path. */
      g_assert_null (strpbrk (href + strlen ("lectern-external:"), ":/?#\"<> "));
      g_assert_cmpstr (back, ==, urls[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_null (lec_external_href (refused[i], -1));
  for (guint i = 0; i < G_N_ELEMENTS (bad_hrefs); i++)
    {
      g_autofree char *url = lec_external_href_to_url (bad_hrefs[i]);

      g_assert_null (url);
    }

  /* A fragment WebKit puts on the href is not the address's. */
  {
    g_autofree char *url = lec_external_href_to_url ("lectern-external:https%3A%2F%2Fa.example%2F#x");

    g_assert_cmpstr (url, ==, "https://a.example/");
  }
  /* Tabs and newlines are dropped, as browsers drop them. */
  {
    g_autofree char *href = lec_external_href ("ht\ttps://a.exa\nmple/", -1);

    g_assert_cmpstr (href, ==, "lectern-external:https%3A%2F%2Fa.example%2F");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sanitize/allowed", test_allowed_survives);
  g_test_add_func ("/sanitize/structure", test_unknown_and_structure);
  g_test_add_func ("/sanitize/hostile", test_hostile);
  g_test_add_func ("/sanitize/hostile-substrings", test_hostile_substrings);
  g_test_add_func ("/sanitize/nul-bytes", test_nul_bytes);
  g_test_add_func ("/sanitize/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sanitize/nul-terminated", test_nul_terminated);
  g_test_add_func ("/sanitize/tag-soup", test_tag_soup);
  g_test_add_func ("/sanitize/guard", test_guard);
  g_test_add_func ("/sanitize/slow/pathological", test_pathological);
  g_test_add_func ("/sanitize/slow/huge-text", test_huge_text);
  g_test_add_func ("/sanitize/external-href", test_external_href);
  g_test_add_func ("/sanitize/slow/typical-note", test_typical_note);

  return g_test_run ();
}
