// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard on the first error, so a clerk can fix it without reaching for the mouse.
  // A radio or checkbox group (a fieldset) takes the focus on its chosen option, or its first.
  const firstError = document.querySelector("[data-first-error], .has-error");
  if (firstError) {
    const controls = firstError.matches("[data-first-error]") ? [] : Array.from(
      firstError.querySelectorAll("input:not([type=hidden]), select, textarea"));
    const target = controls.find((control) => control.checked) || controls[0] || firstError;
    target.focus();
  }

  // Tables stack at phone width (app.css): each cell is labelled by its column's heading, and
  // the table keeps its roles, which a display change would take from screen readers.
  document.querySelectorAll("main table").forEach((table) => {
    const headings = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (!headings.length) return;
    table.classList.add("stacks");
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach((group) => group.setAttribute("role", "rowgroup"));
    table.querySelectorAll("thead th").forEach((th) => th.setAttribute("role", "columnheader"));
    table.querySelectorAll("tbody tr, tfoot tr, thead tr").forEach((row) => {
      row.setAttribute("role", "row");
      if (row.parentElement.tagName === "THEAD") return;
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        const label = headings[column];
        if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        column += cell.colSpan || 1;
      });
    });
  });
  // A table still wider than its box scrolls: the keyboard must reach it (and say what it is).
  const reachable = () => document.querySelectorAll(".table-wrap").forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.tabIndex = 0;
      if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
      const caption = wrap.querySelector("caption");
      const heading = wrap.closest("section")?.querySelector("h2, h3");
      const name = (caption || heading)?.textContent.trim();
      if (name && !wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", name);
    } else if (wrap.getAttribute("tabindex") === "0") {
      wrap.removeAttribute("tabindex");
    }
  });
  reachable();
  window.addEventListener("resize", reachable);

  // The property switcher submits itself when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // Ask before a step that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // One submit per form: a double click must not send it twice.
  document.querySelectorAll("form[method='post']").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      if (form.dataset.submitting) { event.preventDefault(); return; }
      form.dataset.submitting = "1";
    });
  });
  // ID scan by keyboard wedge: the scanner types into the focused box and ends with Enter.
  // Barcodes hold line breaks too, so the scan is sent once the keys stop for a moment.
  const wedge = document.querySelector("textarea[data-wedge]");
  if (wedge) {
    let quiet = null;
    wedge.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => { if (wedge.value.trim()) wedge.form.requestSubmit(); }, 250);
    });
    wedge.addEventListener("input", () => {
      if (quiet !== null) {
        window.clearTimeout(quiet);
        quiet = window.setTimeout(() => { if (wedge.value.trim()) wedge.form.requestSubmit(); }, 250);
      }
    });
  }

  // A returning guest: one key (the button, or Alt+U) copies their last stay's details.
  const fill = document.querySelector("[data-returning-fill]");
  if (fill) {
    fill.hidden = false;
    const useDetails = () => {
      document.querySelectorAll("[data-fill-target]").forEach((source) => {
        const target = document.getElementById(source.dataset.fillTarget);
        if (target) target.value = source.textContent.trim();
      });
      // On to the first required field still empty, so the clerk goes on typing.
      const next = Array.from(document.querySelectorAll("form input[required], form select[required]"))
        .find((field) => !field.value && field.type !== "hidden");
      if (next) next.focus();
    };
    fill.addEventListener("click", useDetails);
    document.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "u" || event.key === "U")) { event.preventDefault(); useDetails(); }
    });
  }

  // The check-in form: amount charged = rate x nights until the clerk types their own, and
  // the adult/minor counts follow the occupant list (a trailing * marks a minor). The server
  // computes and checks the same (guests.stays.planned_charge, guests.occupants).
  const checkIn = document.querySelector("form[data-check-in]");
  if (checkIn) {
    const field = (name) => checkIn.elements.namedItem(name);
    const [ty, tm, td] = (checkIn.dataset.today || "").split("-").map(Number);
    const today = new Date(Date.UTC(ty, tm - 1, td));
    const dayFirst = Boolean(checkIn.dataset.dayFirst);
    const words = { today: 0, hoy: 0, now: 0, ahora: 0, tomorrow: 1, "mañana": 1, manana: 1, yesterday: -1, ayer: -1 };
    const addDays = (day, n) => new Date(day.getTime() + n * 86400000);
    const parseDay = (word) => {
      if (word in words) return addDays(today, words[word]);
      let m = /^\+(\d{1,3})$/.exec(word);
      if (m) return addDays(today, Number(m[1]));
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
      if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      m = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$/.exec(word);
      if (m) {
        let [month, day] = [Number(m[1]), Number(m[2])];
        if (dayFirst) [month, day] = [day, month];
        let year = m[3] ? Number(m[3]) : today.getUTCFullYear();
        if (m[3] && m[3].length === 2) year += 2000;
        return new Date(Date.UTC(year, month - 1, day));
      }
      return null;
    };
    const timeHour = (text) => {
      const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm)?$/.exec(text);
      if (!m || (!m[2] && !m[3])) return null;
      let hour = Number(m[1]);
      if (m[3]) hour = (hour % 12) + (m[3] === "pm" ? 12 : 0);
      return hour;
    };
    const arrivalNight = (text) => {
      const parts = text.trim().toLowerCase().replace(/^(\d{4}-\d{1,2}-\d{1,2})t/, "$1 ").split(/\s+/);
      if (parts.length === 1 && (parts[0] === "now" || parts[0] === "ahora")) return today;
      let day = today;
      let hour = timeHour(parts.join(" "));
      if (hour === null) {
        day = parseDay(parts[0]);
        hour = timeHour(parts.slice(1).join(" "));
      }
      if (!day || hour === null) return null;
      return hour < 6 ? addDays(day, -1) : day;  // before 06:00: the previous night
    };
    const amount = field("amount_charged");
    let typedAmount = Boolean(amount && amount.value);
    const fillAmount = () => {
      if (!amount || typedAmount) return;
      const rate = Number.parseFloat((field("rate").value || "").replace(",", "."));
      const type = field("rate_type").value;
      const night = arrivalNight(field("arrival").value || "");
      const leaves = parseDay((field("expected_departure").value || "").trim().toLowerCase());
      if (Number.isNaN(rate) || !night || !leaves || (type !== "nightly" && type !== "weekly")) return;
      let count = Math.max(Math.round((leaves - night) / 86400000), 1);
      if (type === "weekly") count = Math.ceil(count / 7);
      amount.value = (rate * count).toFixed(2);
    };
    if (amount) {
      amount.addEventListener("input", () => { typedAmount = Boolean(amount.value); });
      ["rate", "rate_type", "arrival", "expected_departure"].forEach((name) => {
        const input = field(name);
        if (input) { input.addEventListener("input", fillAmount); input.addEventListener("change", fillAmount); }
      });
    }
    const list = field("occupants");
    if (list) {
      list.addEventListener("input", () => {
        const names = list.value.split("\n").map((line) => line.trim()).filter(Boolean);
        if (!names.length) return;
        const minors = names.filter((line) => /(\*|\((minor|menor)\))$/i.test(line)).length;
        field("adults").value = String(1 + names.length - minors);
        field("minors").value = String(minors);
      });
    }
  }

  // A report's live progress bar: poll its status until the build finishes, then reload.
  const reportCard = document.querySelector("[data-report-status]");
  if (reportCard && !reportCard.dataset.reportFinished) {
    const bar = reportCard.querySelector("[data-report-progress]");
    const text = reportCard.querySelector("[data-report-progress-text]");
    const label = reportCard.querySelector("[data-report-status-label]");
    const error = reportCard.querySelector("[data-report-error]");
    const poll = () => {
      fetch(reportCard.dataset.reportStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((state) => {
          bar.value = state.progress;
          bar.textContent = `${state.progress}%`;
          text.textContent = state.progress;
          label.textContent = state.status_label;
          if (state.error) { error.textContent = state.error; error.hidden = false; }
          if (state.finished) { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(() => window.setTimeout(poll, 5000));
    };
    window.setTimeout(poll, 700);
  }
});
