// ivplan preview: swaps in every new rendering the server pushes over a WebSocket, keeping the
// reader's place (the same heading at the same height) and never moving the focus; announces each
// update politely to screen readers. Only the blocks of the document that changed are replaced: a
// new title rebuilds one paragraph, not the whole plan. Served inline with the page's nonce
// (Content-Security-Policy).
"use strict";
(() => {
  const body = document.body;
  const inhoud = document.getElementById("inhoud");
  const notitie = document.getElementById("notitie");
  const tekst = inhoud.querySelector(".ivp-document");
  const meldingen = document.getElementById("meldingen");
  const aankondiging = document.getElementById("aankondiging");
  const verbinding = document.getElementById("verbinding");
  const huisstijl = document.getElementById("huisstijl");
  let versie = Number(body.dataset.versie) || 0;
  let wachttijd = 250;
  let blokken = null; // the HTML of the blocks shown, as the server sent it (null: as the page came)

  const koppen = () => inhoud.querySelectorAll("h1[id], h2[id], h3[id], h4[id]");

  // The heading the reader is in: the last one whose top is above the top of the window.
  function leesplek() {
    let plek = null;
    koppen().forEach((kop, index) => {
      const top = kop.getBoundingClientRect().top;
      if (top <= 1) plek = { id: kop.id, index, top };
    });
    return plek;
  }

  function terugNaar(plek) {
    if (!plek) return;
    let kop = document.getElementById(plek.id);
    if (!kop || !inhoud.contains(kop)) {
      const alle = koppen();
      kop = alle[Math.min(plek.index, alle.length - 1)];
    }
    if (kop) window.scrollBy(0, kop.getBoundingClientRect().top - plek.top);
  }

  // The element with the focus, when an update is about to replace it (in the panel or the document):
  // its id, or its place among the focusable elements there.
  const FOCUSBAAR = "a[href], summary, [tabindex]";
  function focusplek() {
    const actief = document.activeElement;
    const houder = [meldingen, inhoud].find((h) => h.contains(actief));
    if (!houder) return null;
    return { actief, houder, id: actief.id, index: [...houder.querySelectorAll(FOCUSBAAR)].indexOf(actief) };
  }

  // Back on the same element of the new content, when the old one is gone: an update never takes the
  // focus away (to the start of the page), and never scrolls for it.
  function focusTerug(plek) {
    if (!plek || plek.actief.isConnected) return;
    let doel = plek.id ? document.getElementById(plek.id) : null;
    if (!doel || !plek.houder.contains(doel)) {
      const alle = plek.houder.querySelectorAll(FOCUSBAAR);
      doel = alle[Math.min(plek.index, alle.length - 1)];
    }
    if (doel) doel.focus({ preventScroll: true });
  }

  // The explanations the reader opened in the panel, known by the diagnostic's words.
  const melding = (details) => details.closest("li")?.querySelector(".melding-link")?.textContent;
  function openUitleg() {
    return new Set([...meldingen.querySelectorAll("details[open]")].map(melding));
  }
  function houOpen(open) {
    meldingen.querySelectorAll("details").forEach((d) => { if (open.has(melding(d))) d.open = true; });
  }

  function meld(tekst) {
    // a new text node each time, so the same words are announced again
    aankondiging.textContent = "";
    window.setTimeout(() => { aankondiging.textContent = tekst; }, 30);
  }

  // Replace the blocks whose HTML changed, add or remove the ones at the end.
  function vervang(nieuw) {
    const oud = tekst.children;
    const sjabloon = document.createElement("template");
    nieuw.forEach((html, i) => {
      if (blokken !== null && blokken[i] === html && i < oud.length) return;
      sjabloon.innerHTML = html;
      const blok = sjabloon.content.firstElementChild;
      if (i < oud.length) tekst.replaceChild(blok, oud[i]);
      else tekst.append(blok);
    });
    while (tekst.children.length > nieuw.length) tekst.lastElementChild.remove();
    blokken = nieuw;
  }

  function toon(bericht) {
    if (bericht.herladen) { window.location.reload(); return; }
    if (bericht.versie < versie) return;
    if (bericht.versie === versie) {
      // the rendering the page came with (sent on connecting): its blocks as the server wrote them
      if (blokken === null) blokken = bericht.blokken;
      return;
    }
    versie = bericht.versie;
    body.dataset.versie = String(versie);
    const plek = leesplek();
    const focus = focusplek();
    const open = openUitleg();
    meldingen.innerHTML = bericht.meldingen;
    houOpen(open);
    notitie.innerHTML = bericht.notitie;
    vervang(bericht.blokken);
    inhoud.classList.toggle("verouderd", bericht.verouderd);
    document.title = bericht.titel;
    if (huisstijl.textContent !== bericht.stijl) huisstijl.textContent = bericht.stijl;
    terugNaar(plek);
    focusTerug(focus);
    meld(bericht.aankondiging);
  }

  function verbind() {
    const ws = new WebSocket(`ws://${window.location.host}/verbinding`);
    ws.addEventListener("open", () => { verbinding.textContent = ""; wachttijd = 250; });
    ws.addEventListener("message", (e) => toon(JSON.parse(e.data)));
    ws.addEventListener("close", () => {
      verbinding.textContent = "Geen verbinding met ivplan preview. Opnieuw verbinden…";
      window.setTimeout(verbind, wachttijd);
      wachttijd = Math.min(wachttijd * 2, 4000);
    });
  }
  verbind();
})();
