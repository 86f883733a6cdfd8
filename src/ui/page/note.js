// The note page's own logic. It runs as a user script in Lectern's script
// world (the note's content can run no script at all), and C calls it with
// call_async_javascript_function. KaTeX (katex) and highlight.js (hljs)
// are run in the same world only for a page that has math or code: the
// page asks for them, Lectern runs them, then calls lectern.typeset().
(function () {
  'use strict';

  let current = null;

  // Bounds, so that a hostile note cannot hang the page: the longest TeX
  // and code typeset at all, KaTeX's own limits on macro expansion and
  // sizes (in em), and how long one slice of work may hold the page
  // before it yields.
  const MAX_TEX = 5000;
  const MAX_CODE = 50000;
  const MAX_EXPAND = 500;
  const MAX_SIZE = 20;
  const SLICE_MS = 40;
  const FIRST_SLICE_MS = 250;

  // Math comes from the core render as <span class="lec-math">TeX</span>
  // (with lec-math-display for $$…$$). Errors are shown in place, as the
  // TeX with KaTeX's message for a tooltip; nothing is trusted (no \href,
  // \url or \htmlClass), and nothing is shared between expressions.
  function typesetMath (el) {
    const tex = el.textContent;

    if (tex.length > MAX_TEX) {
      el.classList.add('lec-math-too-long');
      return;
    }
    try {
      el.innerHTML = katex.renderToString(tex, {
        displayMode: el.classList.contains('lec-math-display'),
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        maxExpand: MAX_EXPAND,
        maxSize: MAX_SIZE,
        errorColor: 'var(--error)',
      });
      el.classList.add('lec-typeset');
    } catch (e) {
      // Not a parse error (those render in place) but, say, nesting too
      // deep for the stack: keep the TeX as it was.
      el.textContent = tex;
      el.classList.add('lec-math-failed');
    }
  }

  // Fenced code of a language highlight.js knows; other code stays plain.
  // hljs.highlight escapes the text it returns.
  function highlightCode (code) {
    const match = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
    const text = code.textContent;

    if (!match || !hljs.getLanguage(match[1]) || text.length > MAX_CODE)
      return;
    try {
      code.innerHTML = hljs.highlight(text, { language: match[1], ignoreIllegals: true }).value;
      code.classList.add('hljs');
    } catch (e) {
      code.textContent = text;
    }
  }

  // Runs @jobs a slice at a time: the first (longer) slice before the
  // page first shows, so a usual note appears typeset at once; the rest in
  // later turns, so a note with thousands of expressions still scrolls
  // while it is typeset.
  function runInSlices (jobs) {
    let next = 0;
    let budget = FIRST_SLICE_MS;

    function slice () {
      const end = performance.now() + budget;
      budget = SLICE_MS;

      while (next < jobs.length && performance.now() < end)
        jobs[next++]();
      if (next < jobs.length)
        setTimeout(slice, 0);
      else
        finish();
    }

    // The time it took, for tests and benchmarks (lectern-typeset in
    // performance.getEntriesByType('measure')).
    function finish () {
      if (jobs.length > 0)
        performance.measure('lectern-typeset', 'lectern-typeset-start');
      document.documentElement.dataset.lecTypeset = 'done';
    }

    if (jobs.length > 0)
      performance.mark('lectern-typeset-start');
    slice();
  }

  function typesetPage () {
    const jobs = [];

    // Each only once, however often Lectern asks.
    if (typeof katex !== 'undefined')
      for (const el of document.querySelectorAll('.lec-math:not(.lec-typeset):not(.lec-math-failed):not(.lec-math-too-long)'))
        jobs.push(() => typesetMath(el));
    if (typeof hljs !== 'undefined')
      for (const code of document.querySelectorAll('pre > code[class*="language-"]:not(.hljs)'))
        jobs.push(() => highlightCode(code));
    runInSlices(jobs);
  }

  // The block a timestamp backs: its paragraph, list item or table cell.
  function passageOf (stamp) {
    return stamp.closest('p, li, td, th, .lec-callout-title, h1, h2, h3, h4, h5, h6') || stamp;
  }

  // Following the video: when the reader scrolls away (wheel, touch,
  // keys, the scroll bar), the page stops bringing the playing passage
  // into view and offers a button back to it; that button or the next
  // timestamp clicked resumes following.
  let paused = false;
  let wantScroll = false;
  let backButton = null;

  function stampNote (stamp) {
    const href = stamp.getAttribute('href') || '';
    const at = href.indexOf('@');
    try {
      return at < 0 ? null : decodeURIComponent(href.slice(at + 1));
    } catch (e) {
      return null;
    }
  }

  function bringIntoView (passage) {
    const r = passage.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight)
      passage.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  function showBackToPlaying (show) {
    if (!show) {
      if (backButton)
        backButton.hidden = true;
      return;
    }
    if (!backButton) {
      backButton = document.createElement('button');
      backButton.type = 'button';
      backButton.className = 'lec-back-to-playing';
      backButton.textContent = document.documentElement.dataset.lecBackToPlaying || '';
      backButton.addEventListener('click', resumeFollowing);
      document.body.append(backButton);
    }
    backButton.hidden = false;
  }

  function pauseFollowing () {
    if (!wantScroll || paused)
      return;
    paused = true;
    showBackToPlaying(true);
  }

  function resumeFollowing () {
    paused = false;
    showBackToPlaying(false);
    if (current)
      current.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  const SCROLL_KEYS = ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '];

  window.addEventListener('wheel', pauseFollowing, { passive: true });
  window.addEventListener('touchmove', pauseFollowing, { passive: true });
  window.addEventListener('keydown', function (event) {
    if (SCROLL_KEYS.includes(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey &&
        !(event.key === ' ' && event.target.closest && event.target.closest('button, a')))
      pauseFollowing();
  });
  // A press on the scroll bar, right of the page's content.
  window.addEventListener('mousedown', function (event) {
    if (event.clientX >= document.documentElement.clientWidth)
      pauseFollowing();
  });
  document.addEventListener('click', function (event) {
    if (paused && event.target.closest && event.target.closest('a.lec-ts')) {
      paused = false;
      showBackToPlaying(false);
    }
  });

  // Where the reader is in the note, told to Lectern a moment after they
  // stop scrolling, so the note opens there next time.
  let scrollTimer = 0;
  window.addEventListener('scroll', function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(function () {
      window.webkit.messageHandlers.note.postMessage({ scroll: Math.round(window.scrollY) });
    }, 250);
  }, { passive: true });

  // Web images come through lectern://remote/, which serves one only when
  // the reader allowed online content, or that one image. An image that
  // did not load shows a placeholder that asks for it.
  const REMOTE = 'lectern://remote/';

  function showPlaceholder (img) {
    const src = img.getAttribute('src');
    let host = '';

    if (img.previousElementSibling && img.previousElementSibling.classList.contains('lec-remote-image'))
      return;
    try {
      host = new URL(decodeURIComponent(src.slice(REMOTE.length).split('#')[0])).host;
    } catch (e) {
      return;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'lec-remote-image';
    button.textContent = (document.documentElement.dataset.lecLoadImage || '%s').replace('%s', host);
    if (img.alt)
      button.title = img.alt;
    button.dataset.src = src.split('#')[0];
    button.addEventListener('click', function () {
      window.webkit.messageHandlers.note.postMessage({ loadImage: button.dataset.src });
    });
    img.hidden = true;
    img.before(button);
  }

  let reloads = 0;

  function loadImage (button) {
    const img = button.nextElementSibling;

    button.remove();
    if (img && img.tagName === 'IMG') {
      img.hidden = false;
      // A new fragment, so the refused load is not taken from a cache.
      img.src = button.dataset.src + '#' + (++reloads);
    }
  }

  function watchRemoteImages () {
    for (const img of document.querySelectorAll('img[src^="' + REMOTE + '"]')) {
      img.addEventListener('error', () => showPlaceholder(img));
      if (img.complete && img.naturalWidth === 0)
        showPlaceholder(img);
    }
  }

  // A link out of Lectern is "lectern-external:" and its escaped address
  // (WebKit would connect to a web address as soon as it is clicked, before
  // Lectern asks the reader). Hovering shows the real address, from the
  // page alone: nothing is fetched for it.
  const EXTERNAL = 'lectern-external:';

  function externalAddress (link) {
    try {
      return decodeURIComponent(link.getAttribute('href').slice(EXTERNAL.length).split('#')[0]);
    } catch (e) {
      return null;
    }
  }

  function showExternalAddresses () {
    for (const link of document.querySelectorAll('a[href^="' + EXTERNAL + '"]')) {
      const url = externalAddress(link);
      if (url)
        link.title = link.title ? link.title + '\n' + url : url;
    }
  }

  // Copied passages keep their links' real addresses: in the copy, a
  // link out of Lectern gets its address back. A selection with no such
  // link is left to WebKit.
  function copyWithAddresses (event) {
    const selection = window.getSelection();

    if (!event.clipboardData || !selection || selection.rangeCount === 0 || selection.isCollapsed)
      return;
    const copy = document.createElement('div');
    for (let i = 0; i < selection.rangeCount; i++)
      copy.append(selection.getRangeAt(i).cloneContents());
    const links = copy.querySelectorAll('a[href^="' + EXTERNAL + '"]');
    if (links.length === 0)
      return;
    for (const link of links) {
      const url = externalAddress(link);
      // Only what Lectern would open: a note can write this form itself.
      if (url && /^(https?:\/\/|mailto:)/i.test(url))
        link.setAttribute('href', url);
      else
        link.removeAttribute('href');
    }
    event.clipboardData.setData('text/html', copy.innerHTML);
    event.clipboardData.setData('text/plain', selection.toString());
    event.preventDefault();
  }

  document.addEventListener('copy', copyWithAddresses);

  window.lectern = {
    // Menu or Shift+F10 was pressed (WebKitGTK opens no menu for them):
    // when a timestamp has the focus, Lectern opens its menu there.
    focusedMoment: function () {
      const a = document.activeElement;

      if (!a || !a.matches('a.lec-ts'))
        return false;
      const r = a.getBoundingClientRect();
      window.webkit.messageHandlers.note.postMessage({
        moment: { href: a.getAttribute('href'), x: r.left, y: r.top, width: r.width, height: r.height }
      });
      return true;
    },

    // The reader allowed this image (Lectern now serves it): load it.
    loadImage: function (src) {
      let n = 0;
      for (const button of document.querySelectorAll('button.lec-remote-image'))
        if (button.dataset.src === src) {
          loadImage(button);
          n++;
        }
      return n;
    },

    // Online content was allowed: every image waiting loads.
    loadImages: function () {
      const buttons = document.querySelectorAll('button.lec-remote-image');
      for (const button of buttons)
        loadImage(button);
      return buttons.length;
    },

    // Marks every place a search's words start a word in the note (the
    // search matched them as words or prefixes), scrolls to the first and
    // returns how many there are.
    highlight: function (words) {
      const escaped = words.filter(w => w.length > 0)
                           .map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      if (escaped.length === 0)
        return 0;
      const pattern = new RegExp('(?<![\\p{L}\\p{N}])(' + escaped.join('|') + ')', 'giu');
      const body = document.querySelector('.lec-page') || document.body;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentElement.closest('script, style, mark.lec-hit') ? NodeFilter.FILTER_REJECT
                                                                          : NodeFilter.FILTER_ACCEPT;
        },
      });
      const nodes = [];
      while (walker.nextNode())
        nodes.push(walker.currentNode);

      let first = null;
      let count = 0;
      for (const node of nodes) {
        const text = node.nodeValue;
        pattern.lastIndex = 0;
        let match;
        let last = 0;
        const pieces = [];
        while ((match = pattern.exec(text)) !== null) {
          pieces.push(document.createTextNode(text.slice(last, match.index)));
          const mark = document.createElement('mark');
          mark.className = 'lec-hit';
          mark.textContent = match[0];
          pieces.push(mark);
          first = first || mark;
          count++;
          last = match.index + match[0].length;
        }
        if (pieces.length === 0)
          continue;
        pieces.push(document.createTextNode(text.slice(last)));
        node.replaceWith(...pieces);
      }
      if (first)
        first.scrollIntoView({ block: 'center' });
      return count;
    },

    scrollToY: function (y) {
      window.scrollTo(0, y);
      return window.scrollY;
    },


    // "light", "dark" or "sepia", as the reader's style or the desktop's
    // changes.
    setTheme: function (theme) {
      document.documentElement.dataset.theme = theme;
      // Sepia is a light page: it takes the light code colours.
      const code = theme === 'dark' ? 'dark' : 'light';
      for (const link of document.querySelectorAll('link[data-lec-theme]'))
        link.media = link.dataset.lecTheme === code ? 'all' : 'not all';
      return theme;
    },

    // The body text's size in pixels, from the preferences.
    setFontSize: function (px) {
      document.documentElement.style.setProperty('--lec-font-size', px + 'px');
      return px;
    },

    // Marks the passage whose timestamp is the latest at or before
    // @seconds (none for a negative time); with @scroll, brings it into
    // view when it is not, unless the reader scrolled away. With @only
    // (a topic page), only the mentions from that note count.
    follow: function (seconds, scroll, only) {
      let best = null;
      let bestTime = -1;

      for (const stamp of document.querySelectorAll('a.lec-ts')) {
        const t = Number(stamp.dataset.seconds);
        if (only && stampNote(stamp) !== only)
          continue;
        if (t <= seconds && t > bestTime) {
          best = stamp;
          bestTime = t;
        }
      }

      wantScroll = scroll && best !== null;
      if (!wantScroll)
        showBackToPlaying(false);
      const passage = best ? passageOf(best) : null;
      if (passage === current)
        return bestTime;
      if (current) {
        current.classList.remove('lec-following');
        current.removeAttribute('aria-current');
      }
      current = passage;
      if (current) {
        current.classList.add('lec-following');
        current.setAttribute('aria-current', 'true');
        if (scroll && !paused)
          bringIntoView(current);
      }
      return bestTime;
    },
  };

  // A mention on a topic page leads here as "#lec-link-N": its passage
  // is brought to the middle and marked for a moment.
  function showMention () {
    const id = decodeURIComponent(location.hash.slice(1));
    const link = id.startsWith('lec-link-') ? document.getElementById(id) : null;

    if (!link)
      return;
    const passage = passageOf(link);
    passage.classList.add('lec-mentioned');
    // After WebKit's own scroll to the fragment, which puts the link at
    // the top; a passage too tall to fit is centred on the link instead.
    function centre () {
      const tall = passage.getBoundingClientRect().height > window.innerHeight;
      (tall ? link : passage).scrollIntoView({ block: 'center' });
    }
    if (document.readyState === 'complete')
      centre();
    else
      window.addEventListener('load', () => setTimeout(centre, 0), { once: true });
  }

  // The libraries this page needs, asked for; a page with no math and no
  // code is done at once, and never pays for parsing them.
  function askForLibraries () {
    const wanted = [];

    if (document.querySelector('.lec-math'))
      wanted.push('katex');
    if (document.querySelector('pre > code[class*="language-"]'))
      wanted.push('highlight');
    if (wanted.length === 0)
      runInSlices([]);
    else
      window.webkit.messageHandlers.note.postMessage({ libraries: wanted });
  }

  window.lectern.typeset = typesetPage;

  askForLibraries();
  showExternalAddresses();
  watchRemoteImages();
  showMention();
})();
