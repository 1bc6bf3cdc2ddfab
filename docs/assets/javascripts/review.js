/* The Review page (flashcards on the FSRS schedule of srs.js, graded by keyboard), the Practice
   page's weak-topic dashboard, and progress export and import. srs.js loads this file on the
   first page that has one of their mount elements; each part is re-applied after every
   instant-navigation page change. */
(function () {
  "use strict";
  var NEW_PER_DAY = 20;
  var SOURCES = { question: "Short answers", quiz: "Quiz items", glossary: "Glossary terms" };
  var GRADES = [["again", "Again", "1"], ["hard", "Hard", "2"], ["good", "Good", "3"], ["easy", "Easy", "4"]];
  var srs = window.kbSrs;
  var session = null;  // the review in progress, if any

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
  function source(id) { return id.slice(0, id.indexOf(":")); }
  function siteRoot(mount) { return new URL("../../", new URL(mount.dataset.index, location.href)).href; }
  function pagesBySrc(index) {
    var map = {};
    index.pages.forEach(function (p) { map[p.src] = p; });
    return map;
  }
  // When a graded card comes back: minutes for a learning step, else days.
  function whenDue(card, now) {
    if (card.interval > 0) return card.interval === 1 ? "tomorrow" : "in " + plural(card.interval, "day");
    var minutes = Math.max(1, Math.round((card.at - now) / 60000));
    return minutes < 60 ? "in " + minutes + " min" : "later today";
  }
  // Card text links are written relative to the site root.
  function fixLinks(element, root) {
    element.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) a.href = new URL(href, root).href;
    });
  }

  // --- Review ---------------------------------------------------------------------------------

  function matching(index, filter) {
    var pages = pagesBySrc(index);
    return index.cards.filter(function (entry) {
      var page = pages[entry[1]];
      return (!filter.source || source(entry[0]) === filter.source) &&
        (!filter.tag || (page && page.tags.indexOf(filter.tag) >= 0));
    });
  }

  // Due cards first (most overdue first), then new ones in the order of the site's sections.
  function queue(index, filter) {
    var data = srs.loadReview(), day = srs.today(), due = [], fresh = [];
    matching(index, filter).forEach(function (entry) {
      var card = data.cards[entry[0]];
      if (!card) fresh.push(entry);
      else if (card.due <= day) due.push(entry);
    });
    due.sort(function (a, b) { return data.cards[a[0]].due < data.cards[b[0]].due ? -1 : 1; });
    var seen = data.newToday.date === day ? data.newToday.count : 0;
    var allowed = Math.max(0, NEW_PER_DAY - seen);
    return { due: due, fresh: fresh.slice(0, allowed), unseen: fresh.length, cards: data.cards };
  }

  function nextDue(cards) {
    var day = srs.today(), next = null;
    for (var id in cards) if (cards[id].due > day && (!next || cards[id].due < next)) next = cards[id].due;
    return next;
  }

  function summary(index, filter) {
    var q = queue(index, filter), text;
    if (q.due.length + q.fresh.length) {
      text = "Due today: " + plural(q.due.length, "review") + " and " + plural(q.fresh.length, "new card") +
        " (" + q.unseen + " not yet seen in all).";
    } else {
      var next = nextDue(q.cards);
      text = "Nothing is due today" + (next ? "; the next card is due on " + next + "." : ".");
      if (q.unseen) text += " New cards: " + NEW_PER_DAY + " a day; come back tomorrow for more.";
    }
    return { text: text, count: q.due.length + q.fresh.length, queue: q };
  }

  function renderReview(mount, data) {
    var index = data.index, tags = {};
    index.pages.forEach(function (p) { p.tags.forEach(function (t) { tags[t] = true; }); });
    mount.innerHTML =
      "<form class=\"kb-review__setup\" novalidate><fieldset><legend>What to review</legend>" +
      "<p><label for=\"review-source\">Cards</label> <select id=\"review-source\" name=\"source\">" +
      "<option value=\"\">All cards</option>" + Object.keys(SOURCES).map(function (s) {
        return "<option value=\"" + s + "\">" + SOURCES[s] + "</option>";
      }).join("") + "</select> " +
      "<label for=\"review-tag\">Topic</label> <select id=\"review-tag\" name=\"tag\"><option value=\"\">All topics</option>" +
      Object.keys(tags).sort().map(function (t) { return "<option>" + esc(t) + "</option>"; }).join("") +
      "</select></p><p class=\"kb-review__due\" role=\"status\" aria-live=\"polite\"></p>" +
      "<p><button type=\"submit\" class=\"md-button md-button--primary kb-review__start\">Start review</button></p>" +
      "</fieldset><fieldset class=\"kb-review__retention\"><legend>Desired retention</legend>" +
      "<p><label for=\"review-retention\">Share of cards you still know when they come due</label> " +
      "<input type=\"number\" id=\"review-retention\" name=\"retention\" min=\"" + srs.RETENTION.min * 100 +
      "\" max=\"" + srs.RETENTION.max * 100 + "\" step=\"1\" inputmode=\"numeric\" value=\"" +
      Math.round(srs.retention() * 100) + "\" aria-describedby=\"review-retention-help\"> %</p>" +
      "<p id=\"review-retention-help\" class=\"kb-review__help\">From " + srs.RETENTION.min * 100 + " to " +
      srs.RETENTION.max * 100 + "%; " + srs.RETENTION.standard * 100 + "% by default. Higher means more " +
      "reviews, sooner.</p></fieldset></form><div class=\"kb-review__session\" hidden></div>";
    var form = mount.querySelector("form");
    function update() {
      var s = summary(index, { source: form.elements.source.value, tag: form.elements.tag.value });
      mount.querySelector(".kb-review__due").textContent = s.text;
      form.querySelector(".kb-review__start").disabled = !s.count;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name !== "retention") return update();
      var value = parseFloat(event.target.value);
      event.target.value = Math.round(srs.setRetention(isNaN(value) ? srs.RETENTION.standard : value / 100) * 100);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector(".kb-review__start");
      if (button.disabled) return;
      button.disabled = true;
      // The cards' text (the largest file of the page) is fetched when a review starts, not on load.
      srs.loadScript(mount.dataset.cards).then(function () {
        button.disabled = false;
        start(mount, data, { source: form.elements.source.value, tag: form.elements.tag.value });
      }, function (error) { fail(mount, error); });
    });
    mount.kbUpdate = update;
    update();
  }

  function start(mount, data, filter) {
    var q = queue(data.index, filter);
    session = {
      mount: mount, data: data, root: siteRoot(mount), pages: pagesBySrc(data.index),
      list: q.due.map(function (e) { return { entry: e, isNew: false }; })
        .concat(q.fresh.map(function (e) { return { entry: e, isNew: true }; })),
      position: 0, done: 0, counts: { again: 0, hard: 0, good: 0, easy: 0 }, revealed: false
    };
    mount.querySelector(".kb-review__setup").hidden = true;
    var box = mount.querySelector(".kb-review__session");
    box.hidden = false;
    box.innerHTML =
      "<p class=\"kb-review__progress\" role=\"status\" aria-live=\"polite\"></p>" +
      "<div class=\"kb-review__card\">" +
      "<div class=\"kb-review__front\"></div>" +
      "<div class=\"kb-review__back\" tabindex=\"-1\" hidden></div></div>" +
      "<p class=\"kb-review__reveal\"><button type=\"button\" class=\"md-button md-button--primary\">" +
      "Show answer <kbd aria-hidden=\"true\">Space</kbd></button></p>" +
      "<div class=\"kb-review__grades\" role=\"group\" aria-label=\"How well did you know it?\" hidden>" +
      GRADES.map(function (g) {
        return "<button type=\"button\" class=\"md-button\" data-grade=\"" + g[0] + "\" aria-keyshortcuts=\"" + g[2] +
          "\">" + g[1] + " <kbd aria-hidden=\"true\">" + g[2] + "</kbd><small></small></button>";
      }).join("") + "</div>" +
      "<p><button type=\"button\" class=\"md-button kb-review__stop\">End review</button></p>";
    box.querySelector(".kb-review__reveal button").addEventListener("click", reveal);
    box.querySelectorAll("[data-grade]").forEach(function (button) {
      button.addEventListener("click", function () { grade(button.dataset.grade); });
    });
    box.querySelector(".kb-review__stop").addEventListener("click", finish);
    show();
  }

  function current() { return session.list[session.position]; }

  function show() {
    var box = session.mount.querySelector(".kb-review__session");
    if (session.position >= session.list.length) return finish();
    var item = current(), id = item.entry[0], text = session.data.cards[id] || ["(This card is missing.)", ""];
    var page = session.pages[item.entry[1]], kind = source(id);
    var origin = kind === "glossary"
      ? "<a href=\"" + esc(session.data.index.terms[id.slice(9)] ? session.data.index.terms[id.slice(9)].url : "glossary/") +
        "\">Glossary</a>"
      : page ? "<a href=\"" + esc(page.url) + "\">" + esc(page.title) + "</a>" : "";
    box.querySelector(".kb-review__progress").textContent = "Card " + (session.position + 1) + " of " +
      session.list.length + " \u00b7 " + SOURCES[kind].replace(/s$/, "").toLowerCase() + (item.isNew ? " \u00b7 new" : "");
    // Card text is HTML the build rendered with every data field escaped (kb.cards); the rest is
    // escaped here.
    box.querySelector(".kb-review__front").innerHTML = text[0];
    var back = box.querySelector(".kb-review__back");
    back.innerHTML = "<hr>" + text[1] + (origin ? "<p class=\"kb-review__origin\">From: " + origin + "</p>" : "");
    back.hidden = true;
    fixLinks(box.querySelector(".kb-review__card"), session.root);
    var card = srs.loadReview().cards[id], now = Date.now();
    box.querySelectorAll("[data-grade]").forEach(function (button) {
      button.querySelector("small").textContent = whenDue(srs.next(card, button.dataset.grade, now), now);
    });
    box.querySelector(".kb-review__grades").hidden = true;
    box.querySelector(".kb-review__reveal").hidden = false;
    session.revealed = false;
    box.querySelector(".kb-review__reveal button").focus();
  }

  function reveal() {
    if (!session || session.revealed) return;
    var box = session.mount.querySelector(".kb-review__session"), back = box.querySelector(".kb-review__back");
    session.revealed = true;
    back.hidden = false;
    box.querySelector(".kb-review__reveal").hidden = true;
    box.querySelector(".kb-review__grades").hidden = false;
    back.focus();  // a screen reader reads the answer; Tab reaches the grades
  }

  // ts-fsrs is loaded before the review starts (init), so the card is graded at once.
  function grade(which) {
    if (!session || !session.revealed || session.grading) return;
    var s = session, item = current();
    s.grading = true;
    srs.grade(item.entry[0], which, item.isNew).then(function (card) {
      s.grading = false;
      s.counts[which] += 1;
      s.done += 1;
      if (card.interval === 0) s.list.push({ entry: item.entry, isNew: false });  // a learning step: later today
      s.position += 1;
      if (session === s) show();
    }, function () { s.grading = false; });
  }

  function finish() {
    if (!session) return;
    var s = session, box = s.mount.querySelector(".kb-review__session");
    session = null;
    var next = nextDue(srs.loadReview().cards);
    box.innerHTML = "<h2 id=\"review-done\" tabindex=\"-1\">Review done</h2><p>" + plural(s.done, "card") +
      " graded: " + GRADES.map(function (g) { return s.counts[g[0]] + " " + g[1].toLowerCase(); }).join(", ") +
      "." + (next ? " The next card is due on " + esc(next) + "." : "") + "</p>" +
      "<p><button type=\"button\" class=\"md-button kb-review__again\">Back to the review set-up</button></p>";
    box.querySelector(".kb-review__again").addEventListener("click", function () { renderReview(s.mount, s.data); });
    box.querySelector("h2").focus();
    document.dispatchEvent(new CustomEvent("kb-progress-changed"));
  }

  document.addEventListener("keydown", function (event) {
    if (!session || !document.body.contains(session.mount) || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target, tag = target.tagName;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || target.isContentEditable) return;
    var key = event.key;
    if (key === " " || key === "Enter") {
      if (tag === "BUTTON" || tag === "A") return;  // the focused control does its own thing
      if (session.revealed) grade("good");
      else reveal();
    } else if (session.revealed && /^[1-4]$/.test(key)) {
      grade(GRADES[+key - 1][0]);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }, true);

  // --- Weak-topic dashboard ----------------------------------------------------------------

  // The latest result of every card: a quiz answer, or a grade on the Review page.
  function results() {
    var out = {}, quiz = srs.loadQuiz().items, cards = srs.loadReview().cards;
    function put(id, ok, t) { if (!out[id] || out[id].t < t) out[id] = { ok: ok, t: t }; }
    for (var q in quiz) put("quiz:" + q, quiz[q].ok, quiz[q].t);
    for (var c in cards) put(c, cards[c].grade !== "again", cards[c].last);
    return out;
  }

  function tally(ids, res) {
    var t = { answered: 0, right: 0 };
    ids.forEach(function (id) {
      if (res[id]) {
        t.answered += 1;
        if (res[id].ok) t.right += 1;
      }
    });
    t.score = t.answered ? t.right / t.answered : 1;
    return t;
  }
  function byWeakness(a, b) { return a.t.score - b.t.score || b.t.answered - a.t.answered || (a.name < b.name ? -1 : 1); }
  function scoreText(t) {
    return t.right + " of " + t.answered + " right (" + Math.round(100 * t.score) + "%)";
  }

  var NOTHING_YET = "<p>Nothing to roll up yet. Answer the quiz at the end of a question page, or grade " +
    "cards on the Review page, and your weakest topics and pages will show here.</p>";

  function renderDashboard(mount, index) {
    var res = results(), root = siteRoot(mount), review = srs.loadReview().cards, day = srs.today();
    var pageCards = {}, tagCards = {}, termCards = {};
    index.cards.forEach(function (entry) {
      if (source(entry[0]) === "glossary") {
        (termCards[entry[0].slice(9)] = termCards[entry[0].slice(9)] || []).push(entry[0]);
      } else if (entry[1]) {
        (pageCards[entry[1]] = pageCards[entry[1]] || []).push(entry[0]);
      }
    });
    var termSources = {};  // how many pages (or its own card) gave results for each term
    for (var slug in termCards) termSources[slug] = res[termCards[slug][0]] ? 1 : 0;
    index.pages.forEach(function (p) {
      var ids = pageCards[p.src] || [], has = ids.some(function (id) { return res[id]; });
      p.tags.forEach(function (t) { tagCards[t] = (tagCards[t] || []).concat(ids); });
      p.terms.forEach(function (s) {
        termCards[s] = (termCards[s] || []).concat(ids);
        termSources[s] = (termSources[s] || 0) + (has ? 1 : 0);
      });
    });
    var answered = Object.keys(res).length;
    if (!answered) {
      mount.innerHTML = NOTHING_YET;
      return;
    }
    var pages = index.pages.map(function (p) {
      var ids = pageCards[p.src] || [];
      return { name: p.title, page: p, t: tally(ids, res),
        due: ids.filter(function (id) { return review[id] && review[id].due <= day; }).length };
    }).filter(function (x) { return (x.t.answered && x.t.score < 1) || x.due; });
    pages.sort(function (a, b) { return byWeakness(a, b) || b.due - a.due; });
    var tags = Object.keys(tagCards).map(function (t) { return { name: t, t: tally(tagCards[t], res) }; })
      .filter(function (x) { return x.t.answered; }).sort(byWeakness);
    var terms = Object.keys(termCards).map(function (s) { return { name: s, t: tally(termCards[s], res) }; })
      .filter(function (x) { return termSources[x.name] >= 2 && x.t.score < 1 && index.terms[x.name]; }).sort(byWeakness).slice(0, 10);
    function link(url, text) { return "<a href=\"" + esc(new URL(url, root).href) + "\">" + esc(text) + "</a>"; }
    function meter(t) {
      return "<td>" + scoreText(t) + "</td><td><meter min=\"0\" max=\"1\" low=\"0.5\" high=\"0.8\" optimum=\"1\" value=\"" +
        t.score.toFixed(2) + "\" aria-hidden=\"true\"></meter></td>";
    }
    mount.innerHTML =
      "<h3 id=\"review-next\">Review next</h3>" + (pages.length ? "<ol class=\"kb-review-next\">" +
        pages.slice(0, 5).map(function (x) {
          var why = [];
          if (x.t.answered && x.t.score < 1) why.push(scoreText(x.t));
          if (x.due) why.push(plural(x.due, "card") + " due");
          return "<li>" + link(x.page.url, x.page.title) + ": " + why.join(", ") + "</li>";
        }).join("") + "</ol>" : "<p>Nothing: every item you answered was right, and no card is due.</p>") +
      "<h3 id=\"by-topic\">By topic</h3><div class=\"kb-weak\"><table><thead><tr><th scope=\"col\">Topic</th>" +
      "<th scope=\"col\">Latest results</th><th scope=\"col\"><span class=\"kb-sr-only\">Score bar</span></th></tr></thead><tbody>" +
      tags.map(function (x) { return "<tr><th scope=\"row\">" + esc(x.name) + "</th>" + meter(x.t) + "</tr>"; }).join("") +
      "</tbody></table></div>" +
      "<h3 id=\"by-term\">Weakest glossary terms</h3>" + (terms.length ? "<p>Terms whose own card, or the pages " +
        "that use them, you missed most.</p><div class=\"kb-weak\"><table><thead><tr><th scope=\"col\">Term</th>" +
        "<th scope=\"col\">Latest results</th><th scope=\"col\"><span class=\"kb-sr-only\">Score bar</span></th></tr></thead><tbody>" +
        terms.map(function (x) {
          var term = index.terms[x.name];
          return "<tr><th scope=\"row\">" + link(term.url, term.term) + "</th>" + meter(x.t) + "</tr>";
        }).join("") + "</tbody></table></div>" : "<p>None yet: a term shows here once you have answered items on " +
        "two or more pages that use it (or its own card and one page), and missed at least one.</p>");
  }

  // --- Export and import -------------------------------------------------------------------

  var store = srs.store;

  function exportData() {
    return { format: store.FORMAT, version: 1, exported: new Date().toISOString(), quiz: srs.loadQuiz(),
      review: srs.loadReview() };
  }

  // "" when a progress file is valid; else its first problem. Nothing in a file is repaired.
  function checkExport(data) {
    if (!store.isObject(data) || data.format !== store.FORMAT) return "this is not a progress file from this site";
    if (data.version !== 1) return "version " + JSON.stringify(data.version) + " is not supported (expected 1)";
    var problems = store.repairQuiz(data.quiz).problems.concat(store.repairReview(data.review).problems);
    return problems.length ? problems[0] + (problems.length > 1 ? " (and " + (problems.length - 1) + " more)" : "") : "";
  }

  // Replaces this browser's progress with the file's, or changes nothing and throws.
  function importText(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error("The file is not valid JSON (" + e.message + ")."); }
    var problem = checkExport(data);
    if (problem) throw new Error("The file was not imported: " + problem + ".");
    // All or nothing: write both, read both back, and put the previous text back on any failure.
    // The schedules are stored as read: a file from before FSRS has its SM-2 cards converted.
    var before = {}, keys = [store.QUIZ_KEY, store.REVIEW_KEY], values = [data.quiz, store.repairReview(data.review).value];
    keys.forEach(function (key) { before[key] = localStorage.getItem(key); });
    var saved = keys.every(function (key, i) {
      store.unblock(key);  // the file replaces what could not be backed up
      return store.write(key, values[i]) && localStorage.getItem(key) === JSON.stringify(values[i]);
    });
    if (saved) return data;
    var error = srs.lastError();
    var why = error && (error.name === "QuotaExceededError" || error.code === 22)
      ? "this browser\u2019s storage for this site is full" : "this browser did not store it" +
        (error ? " (" + error.message + ")" : "");
    var restored = keys.every(function (key) {
      try {
        localStorage.removeItem(key);
        if (before[key] !== null) localStorage.setItem(key, before[key]);
        return localStorage.getItem(key) === before[key];
      } catch (e) { return false; }
    });
    var failure = new Error("The file was not imported: " + why + "." + (restored
      ? "" : " Restoring the previous progress failed too: export what is left and free some space."));
    failure.unchanged = restored;
    throw failure;
  }
  srs.exportData = exportData;  // part of window.kbSrs on the pages that load this file
  srs.importText = importText;

  function counts(data) {
    return plural(Object.keys(data.quiz.items).length, "quiz answer") + " and " +
      plural(Object.keys(data.review.cards).length, "card schedule");
  }

  function initTransfer(panel) {
    if (panel.dataset.ready) return;
    panel.dataset.ready = "1";
    var status = panel.querySelector(".kb-transfer__status"), file = panel.querySelector(".kb-import-file");
    function say(text, error) {
      status.textContent = text;
      status.classList.toggle("is-error", !!error);
    }
    panel.querySelector(".kb-export").addEventListener("click", function () {
      var data = srs.exportData();
      var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
      var a = document.createElement("a");
      a.href = url;
      a.download = "dl-interview-kb-progress-" + srs.today() + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      say("Exported " + counts(data) + ".");
    });
    panel.querySelector(".kb-reset").addEventListener("click", function () {
      if (!window.confirm("Clear all your quiz answers and flashcard reviews on this device?")) return;
      srs.clearAll();
      say("All progress cleared.");
      document.dispatchEvent(new CustomEvent("kb-progress-changed"));
    });
    panel.querySelector(".kb-import").addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () {
      var chosen = file.files[0];
      file.value = "";
      if (!chosen) return;
      if (chosen.size > 20 * 1024 * 1024) return say("The file was not imported: it is over 20 MB, too large to be a progress file.", true);
      chosen.text().then(function (text) {
        var now = srs.exportData();
        if ((Object.keys(now.quiz.items).length || Object.keys(now.review.cards).length) &&
            !window.confirm("Replace the progress on this device (" + counts(now) + ") with the file's?")) {
          return say("Import cancelled; nothing changed.");
        }
        try {
          var data = srs.importText(text);
          say("Imported " + counts(data) + " from " + chosen.name + ".");
          document.dispatchEvent(new CustomEvent("kb-progress-changed"));
        } catch (e) {
          say(e.message + (e.unchanged === false ? "" : " Your progress on this device is unchanged."), true);
        }
      });
    });
  }

  // --- Start-up ------------------------------------------------------------------------------

  function refresh() {
    document.querySelectorAll(".kb-dashboard[data-loaded]").forEach(function (mount) {
      renderDashboard(mount, window.kbStudy.index);
    });
    document.querySelectorAll(".kb-dashboard:not([data-loaded])").forEach(mountDashboard);
    document.querySelectorAll(".kb-review").forEach(function (mount) { if (mount.kbUpdate) mount.kbUpdate(); });
  }
  document.addEventListener("kb-progress-changed", refresh);

  function fail(mount, error) {
    mount.innerHTML = "<p class=\"kb-transfer__status is-error\">" + esc(error.message) + "</p>";
  }

  // The study index (assets/study/index.js, 25 KiB gzip) is loaded once there is progress to roll up:
  // a first visit shows the empty state without it (refresh loads it after an import).
  function mountDashboard(mount) {
    if (!Object.keys(results()).length) {
      mount.innerHTML = NOTHING_YET;
      mount.dataset.drawn = "1";
      return;
    }
    srs.loadScript(mount.dataset.index).then(function (data) {
      mount.dataset.loaded = "1";
      renderDashboard(mount, data.index);
      mount.dataset.drawn = "1";
    }, function (error) { fail(mount, error); });
  }

  function init() {
    if (session && !document.body.contains(session.mount)) session = null;
    document.querySelectorAll(".kb-transfer").forEach(initTransfer);
    document.querySelectorAll(".kb-dashboard:not([data-loaded])").forEach(mountDashboard);
    document.querySelectorAll(".kb-review:not([data-loaded])").forEach(function (mount) {
      mount.dataset.loaded = "1";
      Promise.all([srs.loadScript(mount.dataset.index), srs.ready()]).then(function () {
        renderReview(mount, window.kbStudy);
      }, function (error) { fail(mount, error); });
    });
  }

  // Loaded by srs.js once a page needs it: the page may already be ready.
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
