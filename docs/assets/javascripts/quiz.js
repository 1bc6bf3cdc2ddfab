/* Quizzes, recall items, progress across the site, the Practice page's scores and
   mock interviews. Without JavaScript each item still shows its answer in a
   <details>. Re-applied after every instant-navigation page change. */
(function () {
  "use strict";
  // Answers are kept, and fed to the flashcard schedule, by srs.js (loaded before this file).
  var srs = window.kbSrs;
  function load() { return srs.loadQuiz(); }
  function record(id, ok) { srs.answerQuiz(id, ok).catch(function () { /* srs.js told the reader */ }); }

  function parseNumber(text) {
    var t = text.trim().replace(/\u2212/g, "-").replace(",", ".");
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? parseFloat(t) : NaN;
  }

  // Grade the form's current answer: null when nothing usable was entered.
  function grade(form) {
    if (form.dataset.type === "numeric") {
      var value = parseNumber(form.elements.value.value);
      if (isNaN(value)) return null;
      var answer = parseFloat(form.dataset.answer), tol = parseFloat(form.dataset.tolerance);
      return { ok: Math.abs(value - answer) <= tol + 1e-12, wrong: [] };
    }
    var inputs = [].slice.call(form.querySelectorAll("input[name=choice]"));
    if (!inputs.some(function (i) { return i.checked; })) return null;
    var ok = inputs.every(function (i) { return i.checked === i.hasAttribute("data-correct"); });
    var wrong = inputs.filter(function (i) { return i.checked && !i.hasAttribute("data-correct"); });
    var missed = inputs.filter(function (i) { return !i.checked && i.hasAttribute("data-correct"); });
    return { ok: ok, wrong: wrong, missed: missed.length };
  }

  // A wrong answer gets the chosen distractors' feedback and another try; the explanation and
  // the right options are shown once it is right (or, in a mock interview, at the end).
  function feedbackHtml(form, result, reveal) {
    var parts = ["<p><strong>" + (result.ok ? "Correct." : "Not quite.") + "</strong>" +
      (result.missed && form.dataset.type === "multiple" ? " " + result.missed + " correct option" +
        (result.missed > 1 ? "s" : "") + " not selected." : "") +
      (reveal ? "" : " Try again, or open \u201cShow the answer\u201d.") + "</p>"];
    result.wrong.forEach(function (input) {
      var note = input.parentNode.querySelector(".quiz__option-feedback");
      if (note) parts.push("<p>" + note.innerHTML + "</p>");
    });
    var explanation = form.querySelector(".quiz__explanation");
    if (reveal && explanation) parts.push(explanation.innerHTML);
    return parts.join("");
  }

  function show(form, result, reveal) {
    reveal = reveal || result.ok;
    var region = form.querySelector(".quiz__feedback");
    region.innerHTML = feedbackHtml(form, result, reveal);
    region.className = "quiz__feedback " + (result.ok ? "is-correct" : "is-wrong");
    form.querySelectorAll(".quiz__option").forEach(function (option) {
      var input = option.querySelector("input");
      option.classList.toggle("is-answer", reveal && input.hasAttribute("data-correct"));
      option.classList.toggle("is-chosen-wrong", input.checked && !input.hasAttribute("data-correct"));
    });
  }

  // --- Recall items: say or type the answer, reveal the model answer, grade it 1-4 --------------
  // A grade goes to the item's flashcard through srs.grade (FSRS), exactly as on the Review page.
  var GRADE_NAMES = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };

  function recallReveal(form) {
    if (form.dataset.revealed) return;
    form.dataset.revealed = "1";
    var details = form.querySelector("details"), answer = form.querySelector(".quiz__model-answer");
    details.hidden = false;
    details.open = true;
    form.querySelector(".quiz__reveal").hidden = true;
    form.querySelector(".quiz__grades").hidden = false;
    answer.focus();  // a screen reader reads the model answer; 1-4 grade from here
  }

  function recallGrade(form, which, mock) {
    if (!form.dataset.revealed) return;
    var id = form.dataset.card, isNew = !srs.loadReview().cards[id];
    form.dataset.result = which === "again" ? "wrong" : "ok";
    form.querySelectorAll("[data-grade]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.grade === which ? "true" : "false");
    });
    srs.grade(id, which, isNew).then(function (card) {
      var region = form.querySelector(".quiz__feedback");
      region.className = "quiz__feedback";
      region.textContent = "Graded " + GRADE_NAMES[which] + ". " + (mock ? "" : dueText(card));
      document.dispatchEvent(new CustomEvent("kb-progress-changed"));
    }, function () { /* srs.js told the reader */ });
  }

  function dueText(card) {
    return card.due <= srs.today() ? "It comes back on the Review page today." :
      "It comes back on the Review page on " + card.due + ".";
  }

  function initRecall(form, mock) {
    var details = form.querySelector("details");
    details.hidden = true;  // the button reveals it; without JavaScript its summary does
    form.querySelector(".quiz__reveal").hidden = false;
    form.querySelector(".quiz__reveal button").addEventListener("click", function () { recallReveal(form); });
    form.querySelectorAll("[data-grade]").forEach(function (button) {
      button.addEventListener("click", function () { recallGrade(form, button.dataset.grade, mock); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === " " && !form.dataset.revealed) {
        if (tag === "BUTTON") return;  // the focused button does its own thing
        recallReveal(form);
      } else if (/^[1-4]$/.test(event.key) && form.dataset.revealed) {
        recallGrade(form, ["again", "hard", "good", "easy"][+event.key - 1], mock);
      } else {
        return;
      }
      event.preventDefault();
    });
    var card = srs.loadReview().cards[form.dataset.card];
    if (!mock && card) {
      var status = form.querySelector(".quiz__feedback");
      status.textContent = "Last time you graded this " + GRADE_NAMES[card.grade] + ". " + dueText(card);
    }
  }

  function initForm(form, mock) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    if (form.dataset.type === "recall") return initRecall(form, mock);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = grade(form), region = form.querySelector(".quiz__feedback");
      if (!result) {
        region.className = "quiz__feedback";
        region.textContent = form.dataset.type === "numeric" ? "Enter a number first." : "Choose an answer first.";
        return;
      }
      record(form.dataset.quizId, result.ok);
      if (mock) {
        form.dataset.result = result.ok ? "ok" : "wrong";
        region.className = "quiz__feedback";
        region.textContent = "Answer saved.";
      } else {
        show(form, result);
      }
    });
    if (!mock) {
      var last = load().items[form.dataset.quizId];
      if (last) {
        var status = form.querySelector(".quiz__feedback");
        status.className = "quiz__feedback is-" + (last.ok ? "correct" : "wrong");
        status.textContent = "Last time you answered this " + (last.ok ? "correctly" : "incorrectly") +
          " (" + last.n + " attempt" + (last.n > 1 ? "s" : "") + ").";
      }
    }
  }

  // An item counts as right when its latest result is: a quiz answer, or a grade of its card other
  // than Again (a recall item is only ever graded).
  function updateScores() {
    var items = load().items, cards = srs.loadReview().cards;
    document.querySelectorAll(".kb-score").forEach(function (cell) {
      var ids = cell.dataset.items.split(","), cardIds = (cell.dataset.cards || "").split(",");
      var ok = ids.filter(function (id, k) {
        var answer = items[id], card = cards[cardIds[k]];
        if (card && (!answer || card.last > answer.t)) return card.grade !== "again";
        return answer && answer.ok;
      }).length;
      var text = ok + " / " + ids.length;
      if (cell.textContent !== text) cell.textContent = text;  // an unchanged cell costs no restyle
    });
  }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  function clock(ms) {
    var s = Math.round(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function startMock(setup, run, items) {
    var f = setup.elements, tag = f.tag.value, level = f.difficulty.value;
    var pool = items.filter(function (it) {
      return (!tag || it.tags.indexOf(tag) >= 0) && (!level || it.difficulty === level);
    });
    var picked = shuffle(pool).slice(0, Math.max(1, parseInt(f.count.value, 10) || 1));
    if (!picked.length) {
      run.hidden = false;
      run.innerHTML = "<p role=\"status\">No quiz items match this tag and difficulty.</p>";
      return;
    }
    var started = Date.now();
    run.hidden = false;
    run.innerHTML = "<p class=\"kb-mock__clock\" role=\"timer\">Time: <span>0:00</span></p>";
    picked.forEach(function (it, k) {
      var holder = document.createElement("div");
      holder.className = "kb-mock__item";
      holder.dataset.page = it.page;  // data attributes set from script: never parsed as markup
      holder.dataset.title = it.title;
      // it.html is the form the build rendered, every data field escaped there (kb.quiz.render_item).
      holder.innerHTML = it.html.replace(/Q\d+\./, "Q" + (k + 1) + ".");
      run.appendChild(holder);
    });
    run.insertAdjacentHTML("beforeend",
      "<p><button type=\"button\" class=\"md-button md-button--primary kb-mock__finish\">Finish and score</button></p>" +
      "<div class=\"kb-mock__result\" role=\"status\" aria-live=\"polite\"></div>");
    var forms = [].slice.call(run.querySelectorAll("form.quiz"));
    forms.forEach(function (form) {
      form.querySelector("details").hidden = true;
      var save = form.querySelector("button[type=submit]");
      if (save) save.textContent = "Save answer";
      initForm(form, true);
    });
    var tick = setInterval(function () {
      if (!document.body.contains(run)) return clearInterval(tick);
      run.querySelector(".kb-mock__clock span").textContent = clock(Date.now() - started);
    }, 1000);
    forms[0].querySelector("input, textarea").focus();
    run.querySelector(".kb-mock__finish").addEventListener("click", function () {
      clearInterval(tick);
      var missed = [];
      forms.forEach(function (form) {
        if (form.dataset.type === "recall") {  // graded by the reader; an ungraded one counts as missed
          if (!form.dataset.revealed) recallReveal(form);
          if (form.dataset.result !== "ok") missed.push(form);
          return;
        }
        var result = grade(form);
        if (!form.dataset.result && result) record(form.dataset.quizId, result.ok);
        if (result) show(form, result, true);
        form.querySelector("details").hidden = false;
        form.querySelector("button[type=submit]").disabled = true;
        if (!result || !result.ok) missed.push(form);
      });
      var score = forms.length - missed.length;
      var box = run.querySelector(".kb-mock__result");
      box.innerHTML = "<h2 id=\"mock-score\"></h2><p></p>";
      box.querySelector("h2").textContent = "Score: " + score + " / " + forms.length + " in " +
        clock(Date.now() - started);
      box.querySelector("p").textContent = missed.length ? "Review these:" : "Nothing missed.";
      if (missed.length) {
        var list = box.appendChild(document.createElement("ul"));
        missed.forEach(function (form) {
          var holder = form.parentNode, link = document.createElement("a");
          link.setAttribute("href", holder.dataset.page + "#" + form.id);
          link.textContent = holder.dataset.title;
          list.appendChild(document.createElement("li")).appendChild(link);
        });
      }
      box.setAttribute("tabindex", "-1");
      box.focus();
      updateScores();
    });
  }

  function initPractice() {
    updateScores();
    var setup = document.querySelector(".kb-mock");
    if (!setup || setup.dataset.ready) return;
    setup.dataset.ready = "1";
    var run = document.querySelector(".kb-mock-run");
    setup.addEventListener("submit", function (event) {
      event.preventDefault();
      srs.loadScript(setup.dataset.itemsUrl).then(function (data) {
        startMock(setup, run, data.quiz.items);
      });
    });
  }

  document.addEventListener("kb-progress-changed", updateScores);

  function init() {
    document.querySelectorAll("article form.quiz").forEach(function (form) {
      if (!form.closest(".kb-mock-run")) initForm(form, false);
    });
    initPractice();
  }

  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
