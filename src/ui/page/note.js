// The note page's own logic. It runs as a user script in Lectern's script
// world (the note's content can run no script at all), and C calls it with
// call_async_javascript_function.
(function () {
  'use strict';

  let current = null;

  // The block a timestamp backs: its paragraph, list item or table cell.
  function passageOf (stamp) {
    return stamp.closest('p, li, td, th, .lec-callout-title, h1, h2, h3, h4, h5, h6') || stamp;
  }

  // Where the reader is in the note, told to Lectern a moment after they
  // stop scrolling, so the note opens there next time.
  let scrollTimer = 0;
  window.addEventListener('scroll', function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(function () {
      window.webkit.messageHandlers.note.postMessage({ scroll: Math.round(window.scrollY) });
    }, 250);
  }, { passive: true });

  window.lectern = {
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
      return theme;
    },

    // The body text's size in pixels, from the preferences.
    setFontSize: function (px) {
      document.documentElement.style.setProperty('--lec-font-size', px + 'px');
      return px;
    },

    // Marks the passage whose timestamp is the latest at or before
    // @seconds; with @scroll, brings it into view when it is not.
    follow: function (seconds, scroll) {
      let best = null;
      let bestTime = -1;

      for (const stamp of document.querySelectorAll('a.lec-ts')) {
        const t = Number(stamp.dataset.seconds);
        if (t <= seconds && t > bestTime) {
          best = stamp;
          bestTime = t;
        }
      }

      const passage = best ? passageOf(best) : null;
      if (passage === current)
        return bestTime;
      if (current)
        current.classList.remove('lec-following');
      current = passage;
      if (current) {
        current.classList.add('lec-following');
        if (scroll) {
          const r = current.getBoundingClientRect();
          if (r.top < 0 || r.bottom > window.innerHeight)
            current.scrollIntoView({ block: 'center', behavior: 'smooth' });
        }
      }
      return bestTime;
    },
  };
})();
