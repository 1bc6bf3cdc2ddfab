/* The FSRS schedule of srs.js, loaded with the vendored ts-fsrs (assets/vendor/ts-fsrs/, which
   defines window.FSRS) by the pages that grade cards, so that other pages do not carry it.

   FSRS, the Free Spaced Repetition Scheduler (Ye, Su & Cao, KDD 2022; the open-spaced-repetition
   project), models each memory by its stability (days until recall falls to 90%) and difficulty
   (1 to 10), and schedules a card for when recall is predicted to fall to the desired retention.
   Here ts-fsrs runs with its FSRS-6 default parameters, no fuzz, learning steps of 1 and 10 minutes,
   a relearning step of 10 minutes, and the retention set on the Review page.
   Grades are its ratings: Again 1, Hard 2, Good 3, Easy 4.

   A stored card is { due: "YYYY-MM-DD" (local day), at: due time (ms), s: stability, d: difficulty,
   state: 0 new, 1 learning, 2 review, 3 relearning, step: learning step, reps, lapses,
   interval: calendar days to the due day (0: later today), grade, last: time of the grade (ms) }.
   Cards saved under the former SM-2 schedule are converted by srs.js as it reads them, keeping
   their due day: a learned card (reps > 0) is in review with a stability of its SM-2 interval
   (FSRS brings a card back after about its stability at 90% retention); one last missed is
   relearning (learning if it never lapsed); the ease maps to difficulty, the starting ease 2.5 to 3
   (near FSRS's difficulty after a first Good), the floor 1.3 to 10, and 2.84 or more to 1. */
(function () {
  "use strict";
  var srs = window.kbSrs, store = srs.store, F = window.FSRS, cached = null;
  var SETTINGS_KEY = "kb-fsrs-v1";  // { retention: 0.9 }
  var RETENTION = { min: 0.7, max: 0.97, standard: 0.9 };

  // The desired retention: the share of cards the reader wants to still know when they come due.
  function retention() {
    var r;
    try { r = (JSON.parse(localStorage.getItem(SETTINGS_KEY)) || {}).retention; } catch (e) { r = undefined; }
    return typeof r === "number" && isFinite(r) ? Math.min(RETENTION.max, Math.max(RETENTION.min, r)) : RETENTION.standard;
  }
  // Stores a retention (rounded to a percent, clamped into bounds; not a number: the default).
  function setRetention(value) {
    var r = Math.min(RETENTION.max, Math.max(RETENTION.min, Math.round(+value * 100) / 100));
    if (!isFinite(r)) r = RETENTION.standard;
    store.reportWrite(store.write(SETTINGS_KEY, { retention: r }));
    return r;
  }

  function scheduler() {
    var r = retention();
    if (!cached || cached.r !== r) {
      cached = { r: r, f: F.fsrs(F.generatorParameters({ request_retention: r, enable_fuzz: false })) };
    }
    return cached.f;
  }

  // The schedule after grading a card (null: new) at time now: pure, so the Review page can preview
  // each grade's interval.
  function next(card, grade, now) {
    var t = now === undefined ? Date.now() : now, when = new Date(t);
    var c = card ? { due: new Date(card.at), stability: card.s, difficulty: card.d, elapsed_days: 0,
      scheduled_days: card.interval, learning_steps: card.step, reps: card.reps, lapses: card.lapses,
      state: card.state, last_review: new Date(card.last) } : F.createEmptyCard(when);
    var out = scheduler().next(c, when, store.GRADES[grade]).card, at = out.due.getTime(), day = srs.today(at);
    var days = Math.round((srs.dayStart(day) - srs.dayStart(srs.today(t))) / 864e5);
    return store.makeCard({ due: day, at: at, s: out.stability, d: out.difficulty, state: out.state,
      step: out.learning_steps || 0, reps: Math.min(store.MAX_COUNT, out.reps),
      lapses: Math.min(store.MAX_COUNT, out.lapses), interval: Math.min(store.MAX, Math.max(0, days)),
      grade: grade, last: t });
  }

  window.kbFsrs = { next: next, version: F.FSRSVersion };
  srs.next = next;  // on the pages that load this file (srs.ready())
  srs.retention = retention;  // for the Review page, which waits for this file
  srs.setRetention = setRetention;
  srs.RETENTION = RETENTION;
})();
