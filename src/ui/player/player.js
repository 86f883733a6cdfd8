// The player page's logic. It runs as a user script in Lectern's own script
// world: the page itself carries no script, and nothing from a note ever
// reaches this view.
(function () {
  'use strict';

  function video () {
    return document.querySelector('video');
  }

  function currentCue (v) {
    const track = v.textTracks.length > 0 ? v.textTracks[0] : null;

    if (!track || track.mode !== 'showing' || !track.activeCues || track.activeCues.length === 0)
      return '';
    return String(track.activeCues[0].text);
  }

  // Reports start with the metadata: before it, the time is not yet where
  // the page was asked to start.
  function report (kind) {
    const v = video();
    if (!v || v.readyState < HTMLMediaElement.HAVE_METADATA)
      return;
    window.webkit.messageHandlers.player.postMessage({
      kind: kind,
      time: v.currentTime,
      duration: isFinite(v.duration) ? v.duration : 0,
      paused: v.paused,
      rate: v.playbackRate,
      cue: currentCue(v),
    });
  }

  // Commands wait while the media is not ready or still seeking: a seek
  // asked for before the media knows its length (a timestamp clicked as
  // the note opens), or a change of speed during a seek, can leave
  // GStreamer playing at a standstill. They run in order once it settles.
  const waiting = [];

  function settled (command) {
    const v = video();
    if (!v)
      return false;
    waiting.push(command);
    drain(v);
    return true;
  }

  function drain (v) {
    while (waiting.length > 0 && v.readyState >= HTMLMediaElement.HAVE_METADATA && !v.seeking)
      waiting.shift()(v);
  }

  function play (v) {
    v.play().catch(function () {});
  }

  // The online fallback: YouTube's embed, driven with its postMessage
  // commands; it tells its state back the same way once told we listen.
  // Messages go to and come only from the embed's own origin.
  const yt = { time: 0, duration: 0, playing: false, rate: 1 };

  function frame () {
    return document.querySelector('iframe.lec-youtube');
  }

  function embedOrigin () {
    const f = frame();
    return f ? new URL(f.src).origin : null;
  }

  function command (func, args) {
    const f = frame();
    if (!f || !f.contentWindow)
      return false;
    f.contentWindow.postMessage(JSON.stringify({ event: 'command', func: func, args: args || [], id: 'lectern', channel: 'widget' }), embedOrigin());
    return true;
  }

  function reportYoutube (kind) {
    window.webkit.messageHandlers.player.postMessage({
      kind: kind, time: yt.time, duration: yt.duration, paused: !yt.playing, rate: yt.rate, cue: '',
    });
  }

  // As YouTube's own API does: say we listen until the embed answers (it
  // may have loaded before this script ran, or not yet).
  function attachYoutube (f) {
    let heard = false;
    let tries = 0;
    const hello = setInterval(function () {
      if (heard || ++tries > 120) {
        clearInterval(hello);
        return;
      }
      if (f.contentWindow)
        f.contentWindow.postMessage(JSON.stringify({ event: 'listening', id: 'lectern', channel: 'widget' }), embedOrigin());
    }, 250);

    window.addEventListener('message', function (e) {
      let data;
      if (e.origin !== embedOrigin())
        return;
      heard = true;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (data.event === 'onReady') {
        reportYoutube('ready');
        return;
      }
      const info = data.info;
      if (!info || typeof info !== 'object')
        return;
      if (typeof info.currentTime === 'number')
        yt.time = info.currentTime;
      if (typeof info.duration === 'number')
        yt.duration = info.duration;
      if (typeof info.playbackRate === 'number')
        yt.rate = info.playbackRate;
      if (typeof info.playerState === 'number')
        yt.playing = info.playerState === 1;
      reportYoutube('time');
    });
  }

  const youtube = {
    seek: function (seconds, andPlay) {
      if (yt.duration > 0 && seconds > yt.duration) {
        command('seekTo', [yt.duration, true]);
        window.webkit.messageHandlers.player.postMessage({
          kind: 'past-end', requested: seconds, duration: yt.duration,
        });
        return true;
      }
      command('seekTo', [seconds, true]);
      return andPlay ? command('playVideo') : true;
    },
    play: function () { return command('playVideo'); },
    pause: function () { return command('pauseVideo'); },
    togglePlay: function () { return command(yt.playing ? 'pauseVideo' : 'playVideo'); },
    skip: function (delta) { command('seekTo', [Math.max(0, yt.time + delta), true]); },
    setRate: function (rate) { command('setPlaybackRate', [rate]); },
    setCaptions: function (on) {},
    setVolume: function (volume, muted) {
      command('setVolume', [Math.round(volume * 100)]);
      command(muted ? 'mute' : 'unMute');
    },
    state: function () {
      return JSON.stringify({ time: yt.time, paused: !yt.playing, rate: yt.rate, duration: yt.duration,
                              cue: '', captions: 'none', ready: yt.duration > 0 ? 4 : 0 });
    },
  };

  window.lectern = {
    // A time past the end (a note's [09:00:00] on a 48-minute file) goes
    // to the end, and Lectern is told why: set past the end, GStreamer
    // starts again at 0.
    seek: function (seconds, andPlay) {
      return settled(function (v) {
        if (isFinite(v.duration) && v.duration > 0 && seconds > v.duration) {
          v.currentTime = v.duration;
          window.webkit.messageHandlers.player.postMessage({
            kind: 'past-end', requested: seconds, duration: v.duration,
          });
          return;
        }
        v.currentTime = seconds;
        if (andPlay)
          play(v);
      });
    },
    play: function () {
      return settled(play);
    },
    pause: function () {
      const v = video();
      if (v)
        v.pause();
      return true;
    },
    togglePlay: function () {
      const v = video();
      if (!v)
        return false;
      if (v.paused)
        play(v);
      else
        v.pause();
      return !v.paused;
    },
    skip: function (delta) {
      settled(function (v) {
        v.currentTime = Math.max(0, v.currentTime + delta);
      });
    },
    setRate: function (rate) {
      settled(function (v) {
        v.playbackRate = rate;
      });
    },
    setVolume: function (volume, muted) {
      const v = video();
      if (v) {
        v.volume = Math.min(1, Math.max(0, volume));
        v.muted = muted;
      }
    },
    setCaptions: function (on) {
      const v = video();
      if (v && v.textTracks.length > 0)
        v.textTracks[0].mode = on ? 'showing' : 'hidden';
    },
    // The state as a JSON string: strings always cross back into C.
    state: function () {
      const v = video();
      if (!v)
        return JSON.stringify({ time: -1, paused: true, rate: 1, duration: 0, cue: '', captions: 'none', ready: 0 });
      const track = v.textTracks.length > 0 ? v.textTracks[0] : null;
      const cue = track && track.activeCues && track.activeCues.length > 0 ? String(track.activeCues[0].text) : '';
      return JSON.stringify({ time: Number(v.currentTime) || 0, paused: Boolean(v.paused),
                              rate: Number(v.playbackRate) || 1,
                              duration: isFinite(v.duration) ? v.duration : 0, cue: cue,
                              captions: track ? String(track.mode) : 'none', ready: Number(v.readyState) || 0 });
    },
  };

  // GStreamer sometimes leaves the media waiting after a seek or a change
  // of rate, playing but not moving. Seeking to where it is starts it
  // again; after two still seconds, do that.
  function watch (v) {
    let last = -1;
    let still = 0;

    setInterval(function () {
      if (v.paused || v.ended || v.seeking) {
        still = 0;
      } else if (v.currentTime === last) {
        if (++still >= 2) {
          still = 0;
          v.currentTime = v.currentTime;
        }
      } else {
        still = 0;
      }
      last = v.currentTime;
    }, 1000);
  }

  function attach () {
    const v = video();
    if (frame()) {
      window.lectern = youtube;
      attachYoutube(frame());
      return;
    }
    if (!v)
      return;
    watch(v);
    v.addEventListener('timeupdate', function () { report('time'); });
    v.addEventListener('play', function () { report('play'); });
    v.addEventListener('pause', function () { report('pause'); });
    v.addEventListener('seeked', function () { drain(v); report('time'); });
    // Lectern's own bar holds the controls; a click on the picture plays
    // and pauses, as in every video player.
    v.addEventListener('click', function () { window.lectern.togglePlay(); });
    v.addEventListener('loadedmetadata', function () {
      if (v.textTracks.length > 0)
        v.textTracks[0].mode = 'showing';
      report('ready');
      drain(v);
    });
  }

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', attach);
  else
    attach();
})();
