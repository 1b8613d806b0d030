// The markup the page and the Excel add-in share: the options' fields, the
// header picker and the results section, each put where the HTML has
// `<div data-shared="ID">`. One copy, parsed from the constant below into each (the
// CSP forbids inline scripts, so a <template> in each HTML file would be two
// copies again). Only this constant goes through HTML parsing: no register
// data ever does, cells are put in as text by the views.
//
// Parts marked data-only="page" are the page's alone (downloads, chart);
// the add-in writes its results into the workbook instead.

const markup = `
<div class="options-fields" id="options-fields">
  <div class="field">
    <label for="country" data-i18n="options.country">Land</label>
    <select id="country" name="country">
      <option value="auto" data-i18n="options.countryAuto">Upptäck automatiskt</option>
      <option value="se" data-i18n="options.countrySe">Sverige</option>
      <option value="fi" data-i18n="options.countryFi">Finland</option>
    </select>
    <p class="hint" id="country-hint" data-i18n="options.countryHint">Avgör vilka id-nummer som godtas.</p>
  </div>

  <div class="field">
    <label for="reference-date" data-i18n="options.referenceDate">Rapportdatum</label>
    <input type="date" id="reference-date" name="referenceDate" required aria-describedby="reference-date-hint">
    <p class="hint" id="reference-date-hint" data-i18n="options.referenceDateHint">Startdatum efter rapportdatum räknas som fel.</p>
  </div>

  <fieldset class="field field-wide counting">
    <legend data-i18n="options.counting">Vilken tid räknas?</legend>
    <p class="hint" id="counting-hint" data-i18n="options.countingHint">En person räknas i den period då hen först deltog i indikatorn. Välj en rapportperiod eller flera perioder sida vid sida, inte båda.</p>
    <div class="counting-choices">
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-whole" value="whole" checked>
        <label for="counting-whole" data-i18n="options.countingWhole">Hela registret</label>
      </div>
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-period" value="period" aria-controls="period-inputs">
        <label for="counting-period" data-i18n="options.countingPeriod">En rapportperiod</label>
      </div>
      <div class="period-inputs counting-detail" id="period-inputs" hidden>
        <div>
          <label for="period-from" data-i18n="options.from">Från</label>
          <input type="date" id="period-from" name="periodFrom">
        </div>
        <div>
          <label for="period-to" data-i18n="options.to">Till</label>
          <input type="date" id="period-to" name="periodTo">
        </div>
      </div>
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-quarterly" value="quarterly" aria-describedby="periods-start-hint">
        <label for="counting-quarterly" data-i18n="options.countingQuarterly">Varje kvartal, sida vid sida</label>
      </div>
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-half-yearly" value="half-yearly" aria-describedby="periods-start-hint">
        <label for="counting-half-yearly" data-i18n="options.countingHalfYearly">Varje halvår, sida vid sida</label>
      </div>
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-yearly" value="yearly" aria-describedby="periods-start-hint">
        <label for="counting-yearly" data-i18n="options.countingYearly">Varje år, sida vid sida</label>
      </div>
      <div class="radio-field">
        <input type="radio" name="counting" id="counting-custom" value="custom" aria-controls="custom-periods">
        <label for="counting-custom" data-i18n="options.countingCustom">Egna perioder, sida vid sida</label>
      </div>
      <div class="counting-detail" id="custom-periods" hidden>
        <ol class="custom-period-list" id="custom-period-list"></ol>
        <button type="button" class="button secondary small" id="add-period" data-i18n="options.addPeriod">Lägg till period</button>
      </div>
    </div>
    <p class="hint" id="periods-start-hint" data-i18n="options.periodsStartHint">Kvartal, halvår och år räknas från projektperiodens första dag, annars från det första startdatumet i registret.</p>
  </fieldset>

  <fieldset class="field period">
    <legend data-i18n="options.projectPeriod">Projektperiod (valfri)</legend>
    <div class="period-inputs">
      <div>
        <label for="project-from" data-i18n="options.from">Från</label>
        <input type="date" id="project-from" name="projectFrom">
      </div>
      <div>
        <label for="project-to" data-i18n="options.to">Till</label>
        <input type="date" id="project-to" name="projectTo">
      </div>
    </div>
    <p class="hint" data-i18n="options.projectPeriodHint">Startdatum utanför projektperioden ger en varning.</p>
  </fieldset>

  <div class="field field-wide">
    <label for="action" data-i18n="options.action">Åtgärd (Finland)</label>
    <select id="action" name="action" aria-describedby="action-indicators">
      <option value="" data-i18n="options.actionNone">Ingen vald</option>
    </select>
    <div id="action-indicators" class="action-indicators" aria-live="polite"></div>
  </div>
</div>

<section class="card header-picker" id="header-picker" aria-labelledby="header-picker-title" data-testid="header-picker" hidden>
  <h2 id="header-picker-title" tabindex="-1" data-i18n="picker.title">Välj rubrikraden själv</h2>
  <p data-i18n="picker.intro">Ingen rad såg ut som en rubrikrad med en id-kolumn. Här är de första raderna. Välj blad, vilken rad som är rubrikraden och vilken kolumn som har deltagarnas id, och kontrollera igen.</p>
  <p class="hint" data-i18n="picker.privacy">Raderna visas bara här och sparas inte.</p>
  <form id="picker-form" class="picker-form" novalidate>
    <div class="field" id="picker-sheet-field" hidden>
      <label for="picker-sheet" data-i18n="picker.sheet">Blad</label>
      <select id="picker-sheet"></select>
    </div>
    <div class="field">
      <label for="picker-header-row" data-i18n="picker.headerRow">Rubrikraden är rad</label>
      <select id="picker-header-row"></select>
    </div>
    <div class="field">
      <label for="picker-id-column" data-i18n="picker.idColumn">Kolumnen med id (personnummer o.d.)</label>
      <select id="picker-id-column"></select>
    </div>
    <div class="form-actions">
      <button type="submit" class="button primary" id="picker-run" data-i18n="picker.run">Kontrollera med de här valen</button>
    </div>
  </form>
  <div class="table-scroll" role="region" aria-labelledby="preview-caption" tabindex="0">
    <table class="data-table preview-table" id="preview-table">
      <caption id="preview-caption" data-i18n="picker.caption">De första raderna på bladet</caption>
      <thead></thead>
      <tbody></tbody>
    </table>
  </div>
</section>

<section id="results" class="results" aria-labelledby="results-title" hidden>
  <h2 id="results-title" tabindex="-1" data-i18n="results.title">Resultat</h2>
  <p class="stale-notice" id="stale-notice" role="status" data-testid="stale-notice" hidden></p>
  <p class="result-context" id="result-context"></p>

  <div class="summary" id="summary" data-testid="summary" role="group" tabindex="-1" aria-label="Sammanfattning" data-i18n-attr="aria-label:summary.label"></div>
  <p class="verdict" id="verdict"></p>
  <nav class="results-nav" aria-label="I resultatet" data-i18n-attr="aria-label:results.jump">
    <ul>
      <li><a href="#diagnostics-title" data-i18n="diagnostics.title">Problem i registret</a></li>
      <li><a href="#indicators-title" data-i18n="indicators.title">Indikatorer</a></li>
      <li id="periods-nav" hidden><a href="#periods-title" data-i18n="periods.title">Per rapportperiod</a></li>
      <li><a href="#compare-title" data-i18n="compare.title">Jämför med förra rapporten</a></li>
      <li><a href="#stamp-title" data-i18n="stamp.title">Underlag för siffrorna</a></li>
      <li><a href="#columns-title" data-i18n="columns.title">Så tolkades kolumnerna</a></li>
      <li data-only="page"><a href="#downloads-title" data-i18n="downloads.title">Ladda ner</a></li>
    </ul>
  </nav>

  <section class="card" aria-labelledby="downloads-title" data-only="page">
    <h3 id="downloads-title" tabindex="-1" data-i18n="downloads.title">Ladda ner</h3>
    <ul class="download-list">
      <li>
        <button type="button" class="button secondary" id="download-aggregates-csv" data-testid="download-aggregates-csv" aria-describedby="about-aggregates-csv" data-i18n="downloads.aggregatesCsv">Antal per indikator (CSV)</button>
        <p class="hint" id="about-aggregates-csv" data-i18n="downloads.aboutAggregatesCsv">Bara antal, inga personuppgifter. Det här rapporterar du.</p>
      </li>
      <li>
        <button type="button" class="button secondary" id="download-aggregates-json" data-testid="download-aggregates-json" aria-describedby="about-aggregates-json" data-i18n="downloads.aggregatesJson">Antal per indikator för andra program (JSON)</button>
        <p class="hint" id="about-aggregates-json" data-i18n="downloads.aboutAggregatesJson">Samma antal med inställningarna och dina kolumnval, för system som läser in dem. Inga personuppgifter.</p>
      </li>
      <li>
        <button type="button" class="button secondary" id="download-diagnostics-csv" data-testid="download-diagnostics-csv" aria-describedby="about-diagnostics-csv" data-i18n="downloads.diagnosticsCsv">Problemlista (CSV)</button>
        <p class="hint" id="about-diagnostics-csv" data-i18n="downloads.aboutDiagnosticsCsv">För dig som rättar registret: rad, kolumn och vad som är fel. Inga id-nummer eller namn.</p>
      </li>
      <li>
        <button type="button" class="button secondary" id="download-annotated" data-testid="download-annotated" aria-describedby="about-annotated" hidden data-i18n="downloads.annotatedNew">Ny arbetsbok med problemen markerade (XLSX)</button>
        <p class="hint" id="about-annotated" hidden data-i18n="downloads.aboutAnnotatedNew">En ny arbetsbok med bara deltagartabellen, problemcellerna markerade och ett blad med alla problem. Din fil ändras inte. Innehåller personuppgifter.</p>
      </li>
      <li>
        <button type="button" class="button secondary" id="print-summary-button" data-testid="print-summary" aria-describedby="about-print" data-i18n="print.button">Skriv ut sammanfattning</button>
        <p class="hint" id="about-print" data-i18n="print.about">En sida med siffrorna, underlaget och antalet fel och varningar, utan personuppgifter. Välj ”Spara som PDF” i utskriftsrutan för en fil.</p>
      </li>
      <li>
        <button type="button" class="button secondary" id="download-individual" data-testid="download-individual" aria-describedby="about-individual" data-i18n="downloads.individual">Individrapport …</button>
        <p class="hint" id="about-individual" data-i18n="downloads.aboutIndividual">Personuppgifter: id-nummer, åldersgrupp, kön och indikator per person, för Migrationsverkets rapportering på individnivå (Sverige).</p>
      </li>
    </ul>
    <div class="upload" id="upload-box" hidden>
      <button type="button" class="button primary" id="upload-button" data-testid="upload-aggregates" data-i18n="upload.button">Skicka aggregat</button>
      <p class="hint" id="upload-target"></p>
      <p class="upload-status" id="upload-status" role="status"></p>
    </div>
  </section>

  <section class="card" aria-labelledby="diagnostics-title">
    <h3 id="diagnostics-title" tabindex="-1" data-i18n="diagnostics.title">Problem i registret</h3>
    <p id="diagnostics-none" class="all-good" hidden data-i18n="diagnostics.none">Inga problem hittades.</p>
    <div id="diagnostics-content">
      <div class="table-scroll" role="region" aria-labelledby="diagnostic-groups-caption" tabindex="0">
        <table class="data-table stack-on-narrow" id="diagnostic-groups">
          <caption id="diagnostic-groups-caption" data-i18n="diagnostics.groupsCaption">Problem per typ</caption>
          <thead>
            <tr>
              <th scope="col" data-i18n="diagnostics.severity">Allvar</th>
              <th scope="col" data-i18n="diagnostics.kind">Typ</th>
              <th scope="col" class="numeric" data-i18n="diagnostics.count">Antal</th>
              <th scope="col"><span class="visually-hidden" data-i18n="diagnostics.showOnly">Visa bara</span></th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>

      <div class="filters" role="group" aria-labelledby="filters-title">
        <h4 id="filters-title" data-i18n="diagnostics.filters">Filtrera listan</h4>
        <div class="field">
          <label for="severity-filter" data-i18n="diagnostics.severity">Allvar</label>
          <select id="severity-filter">
            <option value="" data-i18n="diagnostics.allSeverities">Alla</option>
            <option value="error" data-i18n="severity.error">Fel</option>
            <option value="warning" data-i18n="severity.warning">Varning</option>
            <option value="info" data-i18n="severity.info">Information</option>
          </select>
        </div>
        <div class="field">
          <label for="code-filter" data-i18n="diagnostics.kind">Typ</label>
          <select id="code-filter">
            <option value="" data-i18n="diagnostics.allKinds">Alla typer</option>
          </select>
        </div>
      </div>

      <p class="list-status" id="diagnostics-status" role="status" tabindex="-1"></p>
      <div class="table-scroll" role="region" aria-labelledby="diagnostic-list-caption" tabindex="0">
        <table class="data-table diagnostics-table stack-on-narrow" id="diagnostic-list">
          <caption id="diagnostic-list-caption" data-i18n="diagnostics.listCaption">Alla problem</caption>
          <thead>
            <tr>
              <th scope="col" class="numeric" data-i18n="diagnostics.row">Rad</th>
              <th scope="col" data-i18n="diagnostics.column">Kolumn</th>
              <th scope="col" data-i18n="diagnostics.severity">Allvar</th>
              <th scope="col" data-i18n="diagnostics.message">Meddelande</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <nav class="pager" id="diagnostics-pager" aria-label="Sidor" data-i18n-attr="aria-label:diagnostics.pages">
        <button type="button" class="button secondary small" id="page-first" data-i18n="diagnostics.first">Första</button>
        <button type="button" class="button secondary small" id="page-previous" data-i18n="diagnostics.previous">Föregående</button>
        <span id="page-position" class="page-position"></span>
        <button type="button" class="button secondary small" id="page-next" data-i18n="diagnostics.next">Nästa</button>
        <button type="button" class="button secondary small" id="page-last" data-i18n="diagnostics.last">Sista</button>
      </nav>
    </div>
  </section>

  <section class="card" aria-labelledby="indicators-title">
    <h3 id="indicators-title" tabindex="-1" data-i18n="indicators.title">Indikatorer</h3>
    <div class="report-guide" id="report-guide" data-testid="report-guide">
      <h4 data-i18n="guide.title">Det här rapporterar du</h4>
      <ul>
        <li data-i18n="guide.unique">Antalet unika deltagare per indikator. Varje person räknas högst en gång per indikator.</li>
        <li data-i18n="guide.age">Åldersgruppen gäller åldern vid personens första registrering i projektet.</li>
        <li id="guide-excluded"></li>
      </ul>
    </div>
    <p class="hint" id="indicators-period"></p>
    <p id="indicators-none" hidden data-i18n="indicators.none">Registret har inga indikatorkolumner som kunde räknas.</p>
    <div class="table-scroll indicator-scroll" role="region" aria-labelledby="indicator-table-caption" tabindex="0" id="indicator-table-wrap">
      <table class="data-table indicator-table" id="indicator-table">
        <caption id="indicator-table-caption" data-i18n="indicators.caption">Antal per indikator, åldersgrupp och kön</caption>
        <thead></thead>
        <tbody></tbody>
      </table>
    </div>
  </section>

  <section class="card" aria-labelledby="periods-title" id="periods-section" data-testid="periods" hidden>
    <h3 id="periods-title" tabindex="-1" data-i18n="periods.title">Per rapportperiod</h3>
    <p class="hint" data-i18n="periods.intro">En person räknas i den period då hen först deltog i indikatorn, så perioderna läggs ihop till totalen.</p>
    <div id="periods-content"></div>
  </section>

  <section class="card" aria-labelledby="compare-title" id="compare-section" data-testid="compare">
    <h3 id="compare-title" tabindex="-1" data-i18n="compare.title">Jämför med förra rapporten</h3>
    <p data-i18n="compare.intro">Välj aggregatfilen (JSON) från förra rapporten för att se vad som har ändrats sedan dess, period för period. Med förra rapportens register också visas varför.</p>
    <form id="compare-form" class="compare-form" novalidate>
      <div class="field">
        <label for="compare-json" data-i18n="compare.json">Förra rapportens aggregat (JSON)</label>
        <input type="file" id="compare-json" data-testid="compare-json" accept=".json,application/json" aria-describedby="compare-json-hint">
        <p class="hint" id="compare-json-hint" data-i18n="compare.jsonHint">Filen ”Antal per indikator för andra program (JSON)” som du laddade ner då. Inga personuppgifter.</p>
      </div>
      <div class="field">
        <label for="compare-register" data-i18n="compare.register">Förra rapportens register (valfritt)</label>
        <input type="file" id="compare-register" data-testid="compare-register" accept=".csv,.txt,.xlsx,.xlsm,.ods" aria-describedby="compare-register-hint">
        <p class="hint" id="compare-register-hint" data-i18n="compare.registerHint">Samma fil som förra rapporten räknades från: bara då kan orsakerna räknas. Innehåller personuppgifter; den läses här och sparas inte.</p>
      </div>
      <p class="form-error field-wide" id="compare-error" role="alert" hidden></p>
      <div class="form-actions field-wide">
        <button type="submit" class="button primary" id="compare-run" data-i18n="compare.run">Jämför</button>
        <button type="button" class="button secondary" id="compare-forget" hidden data-i18n="compare.forget">Glöm förra rapporten</button>
      </div>
    </form>
    <p class="hint" id="compare-files" hidden></p>
    <div id="compare-result" data-testid="compare-result" tabindex="-1"></div>
  </section>

  <section class="card" aria-labelledby="stamp-title" id="stamp-section" data-testid="stamp">
    <h3 id="stamp-title" tabindex="-1" data-i18n="stamp.title">Underlag för siffrorna</h3>
    <p class="hint" data-i18n="stamp.intro">Med samma fil och samma inställningar räknar amif-check fram samma siffror. Underlaget följer med i aggregatfilerna, och amif-check verify jämför dem med registret.</p>
    <div id="stamp-content"></div>
  </section>

  <section class="card" aria-labelledby="chart-title" id="chart-section" data-only="page">
    <h3 id="chart-title" data-i18n="chart.title">Deltagare per indikator</h3>
    <figure class="chart">
      <div id="chart-container" class="chart-container"></div>
      <figcaption id="chart-caption" class="hint" data-i18n="chart.caption">Staplarna delas upp efter kön och åldersgrupp. Samma siffror finns i tabellen Indikatorer.</figcaption>
      <ul class="legend" id="chart-legend"></ul>
    </figure>
  </section>

  <section class="card" aria-labelledby="columns-title" id="columns-section">
    <h3 id="columns-title" tabindex="-1" data-i18n="columns.title">Så tolkades kolumnerna</h3>
    <p class="hint" id="columns-intro"></p>
    <p><button type="button" class="button secondary small" id="choose-header-row" data-i18n="columns.chooseHeaderRow">Välj en annan rubrikrad …</button></p>
    <div class="mapping-kept" id="mapping-kept" data-testid="mapping-kept" hidden>
      <p id="mapping-kept-text"></p>
      <button type="button" class="button secondary small" id="mapping-forget" data-i18n="columns.forget">Glöm mina kolumnval</button>
    </div>
    <form id="mapping-form" novalidate>
      <div class="table-scroll" role="region" aria-labelledby="columns-caption" tabindex="0">
        <table class="data-table columns-table stack-on-narrow" id="columns-table">
          <caption id="columns-caption" class="visually-hidden" data-i18n="columns.caption">Kolumner i registret</caption>
          <thead>
            <tr>
              <th scope="col" data-i18n="columns.letter">Kolumn</th>
              <th scope="col" data-i18n="columns.header">Rubrik i filen</th>
              <th scope="col" data-i18n="columns.field">Tolkas som</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" id="mapping-rerun" data-i18n="options.rerun">Kör igen</button>
      </div>
    </form>
  </section>
</section>
`;

/**
 * Fills each `[data-shared]` placeholder with the part of that id (the
 * options' fields, the header picker, the results): the page's parts too when `page` is true,
 * the add-in's otherwise.
 * @param {{page: boolean}} which
 */
export function insertSharedMarkup({ page }) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  const parts = template.content;
  if (!page) {
    for (const part of parts.querySelectorAll('[data-only="page"]')) part.remove();
    // The pane has no numbered steps.
    /** @type {HTMLElement} */ (parts.querySelector('#results-title')).dataset.i18n = 'addin.resultsTitle';
  }
  for (const placeholder of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-shared]'))) {
    const section = parts.getElementById(/** @type {string} */ (placeholder.dataset.shared));
    if (section) placeholder.replaceWith(section);
  }
}
