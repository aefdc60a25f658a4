"""`ivplan voortgang`: the voortgangsrapportage as a .docx (docs/uitvoer.md, "De documenten"): the
template context of documents/voortgang.py rendered through plan_templates/voortgang.md.j2, the
charts drawn, the document written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ivplan.app.build import UsageError, logo_image
from ivplan.core.output import write_atomic
from ivplan.documents.gezamenlijk import gemeenten as gezamenlijk_gemeenten
from ivplan.documents.gezamenlijk import samen_datum, samen_naam, samenwerking, voortgang_gezamenlijk
from ivplan.documents.naming import document_date, voortgang_naam
from ivplan.documents.templating import make_environment, render
from ivplan.documents.uitvoering import periode, uitvoering_naam, uitvoering_voortgang, voortgang_jaar
from ivplan.documents.voortgang import OORDELEN, rapportjaar, voortgang_context, voortgang_titel, voortgangsbrief
from ivplan.render.charts import chart_images
from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.pdf import docx_to_pdf


def _plan_data(result_or_plan) -> dict:
    data = getattr(result_or_plan, "view_data", getattr(result_or_plan, "data", result_or_plan))
    if getattr(result_or_plan, "has_errors", False):
        raise ValueError("een plan met fouten krijgt geen voortgangsrapportage")
    if not isinstance(data, dict):
        raise ValueError("geen geldig plan")
    return data


def voortgang_markdown(
    plan: dict, jaar: int, templates: Path | None = None, programme: dict | None = None, deel_a: dict | None = None
) -> str:
    """The rendered Markdown of the voortgangsrapportage (raises templating.TemplateError); with an
    uitvoeringsprogramma, its chapter "Uitvoering in <jaar>" too. `deel_a`: the plan is a deel B's merged
    plan, and this its deel A (joint doelen apart from the local ones)."""
    uitvoering = uitvoering_voortgang(programme, plan, jaar) if programme is not None else None
    ctx = voortgang_context(plan, jaar, uitvoering)
    if deel_a is not None:
        ctx["gezamenlijk"] = voortgang_gezamenlijk(ctx, deel_a)
    return render(make_environment(templates), "voortgang.md.j2", ctx)


# What the letter shows in place of a missing field (the wording of IVP070's warnings).
_INVULPLEKKEN = {
    "datum": ("monitoring.voortgangsbrieven", "datum", "de datum van de brief"),
    "kenmerk": ("monitoring.voortgangsbrieven", "kenmerk", "het kenmerk van de brief"),
    "secretaris": ("raadsvoorstel.ondertekening", "secretaris", "de naam van de secretaris"),
    "burgemeester": ("raadsvoorstel.ondertekening", "burgemeester", "de naam van de burgemeester"),
}


def placeholder_warnings(plan: dict, jaar: int) -> list[str]:
    """One warning per field the raadsinformatiebrief over `jaar` shows a placeholder for, worded like
    IVP070's: the brief's datum and kenmerk (monitoring.voortgangsbrieven) and the names it is signed with."""
    missing = list(voortgangsbrief(plan, jaar)["ontbrekend"])
    ondertekening = (plan.get("raadsvoorstel") or {}).get("ondertekening") or {}
    missing += [naam for naam in ("secretaris", "burgemeester") if not ondertekening.get(naam)]
    messages = []
    for veld in missing:
        sectie, sleutel, wat = _INVULPLEKKEN[veld]
        waar = f" voor {jaar}" if sectie == "monitoring.voortgangsbrieven" else ""
        messages.append(
            f"{sectie}: '{sleutel}'{waar} ontbreekt; de voortgangsrapportage toont daar een invulplek voor {wat}"
        )
    return messages


def voortgang_document(
    plan: dict,
    jaar: int,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    plan_dir: Path | None = None,
    warn: Callable[[str], None] | None = None,
    programme: dict | None = None,
    deel_a: dict | None = None,
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the voortgangsrapportage; nothing is written. With an
    uitvoeringsprogramma: `<name>-uitvoering-<jaar>-voortgang.docx` with its chapter."""
    markdown = voortgang_markdown(plan, jaar, templates, programme, deel_a)
    if warn is not None:
        for message in placeholder_warnings(plan, jaar):
            warn(message)
    images: dict[str, Any] = chart_images(plan, jaar=jaar)
    if plan_dir is not None:
        logo = logo_image(plan, Path(plan_dir))
        if logo is not None:
            images["logo"] = logo
    gemeente = plan["gemeente"]["naam"]
    periode = plan["plan"]["periode"]
    meta = DocumentMeta(
        title=voortgang_titel(jaar),
        subject=f"Voortgang in {jaar} van het {plan['plan']['titel']} ({periode['start']}-{periode['eind']}) "
        f"van de gemeente {gemeente}",
        author=f"Gemeente {gemeente}",
        keywords=("integrale veiligheid", "voortgangsrapportage", "raadsinformatiebrief", gemeente, str(jaar)),
        created=document_date(plan),
    )
    data = write_docx(markdown, meta, images=images, huisstijl=huisstijl, warn=warn)
    if programme is not None:
        return f"{uitvoering_naam(programme, plan)}-voortgang.docx", data
    return f"{voortgang_naam(plan, jaar)}.docx", data


def build_voortgang(
    result_or_plan,
    *,
    jaar: int | None = None,
    out_dir: Path,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
    plan_dir: Path | None = None,
    deel_a: dict | None = None,
    pdf: bool = False,
) -> Path:
    """Render and write `<bestandsnaam>-voortgang-<jaar>.docx` into `out_dir` (atomically), and with
    `pdf` also the tagged PDF beside it (the same name with .pdf; render/pdf.py, as `ivplan build
    --pdf`); returns the path of the .docx. `result_or_plan` is a lint FileResult (its `.data`) or the
    validated plan dict; `jaar` None means `rapportjaar(plan)`; `plan_dir` is where the plan file lies
    (for the logo)."""
    plan = _plan_data(result_or_plan)
    if plan_dir is None and getattr(result_or_plan, "file", None):
        plan_dir = Path(result_or_plan.file).parent
    if jaar is None:
        jaar = rapportjaar(plan)
    name, data = voortgang_document(
        plan, jaar, templates=templates, huisstijl=huisstijl, plan_dir=plan_dir, warn=warn, deel_a=deel_a
    )
    path = Path(out_dir) / name
    write_atomic(path, data)
    if pdf:
        docx_to_pdf(path, path.with_suffix(".pdf"))
    return path


def build_programme_voortgang(
    programme: dict,
    plan: dict,
    *,
    jaar: int | None = None,
    out_dir: Path,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
    plan_dir: Path | None = None,
    pdf: bool = False,
) -> Path:
    """The voortgangsrapportage of a programme's plan with the chapter "Uitvoering in <jaar>", written as
    `<name>-uitvoering-<jaar>-voortgang.docx` (and with `pdf` the PDF beside it). `jaar` None: the
    programme's latest year with a meting; a year outside the programme raises UsageError (exit 2)
    before anything is written."""
    start, eind = periode(programme)
    if jaar is None:
        jaar = voortgang_jaar(programme, plan)
    elif not start <= jaar <= eind:
        jaren = str(start) if start == eind else f"{start}-{eind}"
        raise UsageError(f"--jaar {jaar} valt buiten het uitvoeringsprogramma ({jaren}); er is niets geschreven")
    name, data = voortgang_document(
        plan, jaar, templates=templates, huisstijl=huisstijl, plan_dir=plan_dir, warn=warn, programme=programme
    )
    path = Path(out_dir) / name
    write_atomic(path, data)
    if pdf:
        docx_to_pdf(path, path.with_suffix(".pdf"))
    return path


def samen_voortgang_document(
    deel_a: dict,
    merged_plans: list[dict],
    jaar: int,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of `<samen>-voortgang-<jaar>.docx`: the joint doelen, a table per
    gemeente and each gemeente's own doelen (`merged_plans`: the merged plans of the set's deel Bs)."""
    a_doelen = {d.get("id") for d in deel_a.get("meetbare_doelen") or [] if isinstance(d, dict)}
    by_code = {(p.get("gemeente") or {}).get("cbs_code"): p for p in merged_plans}
    gemeenten = []
    gezamenlijke_doelen: list[dict] = []
    images: dict[str, Any] = {}
    for g in gezamenlijk_gemeenten(deel_a):
        plan = by_code.get(g["cbs_code"])
        if plan is None:
            gemeenten.append(
                {"naam": g["naam"], "heeft_deel_b": False, "doelen": [], "telling": dict.fromkeys(OORDELEN, 0)}
            )
            continue
        ctx = voortgang_context(plan, jaar)
        eigen = [d for d in ctx["doelen"] if d["id"] not in a_doelen]
        if not gezamenlijke_doelen:
            gezamenlijke_doelen = [d for d in ctx["doelen"] if d["id"] in a_doelen]
        telling = {soort: sum(1 for d in eigen if d["voortgang"]["oordeel"] == soort) for soort in OORDELEN}
        gemeenten.append({"naam": g["naam"], "heeft_deel_b": True, "doelen": eigen, "telling": telling})
        images.update(chart_images(plan, jaar=jaar))
    s = samenwerking(deel_a)
    plan_a = deel_a.get("plan") or {}
    ctx = {
        "samenwerking": s,
        "plan": {"titel": plan_a.get("titel") or "", "periode": plan_a.get("periode") or {}},
        "jaar": jaar,
        # the year is the year reported on, not part of the plan's name
        "titel": f"Voortgang van het gezamenlijk integraal veiligheidsplan {s['naam']} in {jaar}",
        "gezamenlijke_doelen": gezamenlijke_doelen,
        "gemeenten": gemeenten,
    }
    markdown = render(make_environment(templates), "gezamenlijk-voortgang.md.j2", ctx)
    meta = DocumentMeta(
        title=ctx["titel"],
        subject=f"Voortgang in {jaar} van het {ctx['plan']['titel']}",
        author=s["naam"],
        keywords=("integrale veiligheid", "voortgangsrapportage", s["naam"], str(jaar)),
        created=samen_datum(deel_a, merged_plans),
    )
    data = write_docx(markdown, meta, images=images, huisstijl=huisstijl, warn=warn)
    return f"{samen_naam(deel_a).removesuffix('-gezamenlijk')}-voortgang-{jaar}.docx", data
