// The accessibility statement of amif-check, in Swedish, Finnish and
// English, as the Swedish act (2018:1937) on accessibility of digital public
// services (DIGG's model statement) and the Finnish act on the provision of
// digital services (306/2019) ask: who provides the service, how far it
// complies with WCAG 2.1 AA (EN 301 549) and what is not accessible, how to
// give feedback, the supervisory authority and how to reach it, and how and
// when the service was assessed. The deployer's name and feedback address
// come from config.json; the page (accessibility.js) fills them in.
//
// Text is data: `[words](address)` is a link (only the addresses written
// here become links); {deployer} and {feedback} are the deployer's, put in
// as text and as a checked link.

/** When the service was last assessed, and when this statement was last changed. */
export const assessed = '2026-12-05';
export const updated = '2026-12-05';

/**
 * @typedef {{heading: string, paragraphs?: string[], list?: string[], after?: string[], country?: 'se' | 'fi'}} Section
 *   `country`: a section only for deployers in that country (config.json's deployer.country), shown to all when it is not set
 * @typedef {{title: string, lead: string, deployerUnknown: string, feedbackUnknown: string, back: string, sections: Section[]}} Statement
 */

/** @type {Record<'sv' | 'fi' | 'en', Statement>} */
export const statements = {
  sv: {
    title: 'Tillgänglighetsredogörelse för amif-check',
    lead: 'Den här installationen av amif-check, webbsidan och Excel-tillägget som kontrollerar deltagarförteckningar i AMIF-projekt och räknar fram indikatorerna, drivs av {deployer}. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur amif-check uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service och den finska lagen om tillhandahållande av digitala tjänster (306/2019), vilka kända brister som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.',
    deployerUnknown: 'organisationen som gav dig adressen till den',
    feedbackUnknown: 'den här installationen har ingen kontaktväg angiven här; kontakta organisationen som gav dig adressen till amif-check',
    back: 'Tillbaka till amif-check',
    sections: [
      {
        heading: 'Hur tillgänglig är tjänsten?',
        paragraphs: ['Tjänsten är delvis förenlig med kraven: de flesta delar fungerar med enbart tangentbord, med förstoring och på smala skärmar, men det finns några kända brister. De beskrivs under Innehåll som inte är tillgängligt.'],
      },
      {
        heading: 'Vad kan du göra om du inte kan använda delar av tjänsten?',
        paragraphs: [
          'Om du behöver innehåll från amif-check i ett annat format, eller inte kan använda någon del av webbsidan eller tillägget, kontakta oss: {feedback}.',
          'Samma kontroll finns också som kommandoradsprogram, som skriver resultatet som text, CSV eller JSON.',
        ],
      },
      {
        heading: 'Rapportera brister i tjänstens tillgänglighet',
        paragraphs: ['Vi strävar hela tiden efter att förbättra tjänstens tillgänglighet. Om du upptäcker problem som inte beskrivs här, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns: {feedback}. Skicka aldrig registret eller andra personuppgifter till oss: beskriv vad du gjorde och vad som hände.'],
      },
      {
        heading: 'Tillsyn i Sverige',
        country: 'se',
        paragraphs: [
          'Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: [Anmäl bristande tillgänglighet (digg.se/tdosanmalan)](https://www.digg.se/tdosanmalan), e-post [info@digg.se](mailto:info@digg.se), telefon 0771-11 44 00, post Myndigheten för digital förvaltning, Box 14, 851 02 Sundsvall.',
        ],
      },
      {
        heading: 'Tillsyn i Finland',
        country: 'fi',
        paragraphs: [
          'Ge först respons till oss. Svaret kan dröja 14 dagar. Om du inte är nöjd med svaret, eller inte får något svar inom två veckor, kan du anmäla det till tillsynsmyndigheten. I Finland övervakas tillgänglighetskraven av Transport- och kommunikationsverket Traficom (till och med 31.12.2024 av Regionförvaltningsverket i Södra Finland). På [saavutettavuusvaatimukset.fi](https://www.saavutettavuusvaatimukset.fi) (även på svenska) står hur du gör en anmälan. Telefon (växel) 029 534 5000.',
        ],
      },
      {
        heading: 'Teknisk information om tjänstens tillgänglighet',
        paragraphs: ['amif-check är delvis förenlig med lagen om tillgänglighet till digital offentlig service och med den finska lagen om tillhandahållande av digitala tjänster, på grund av de brister som beskrivs nedan. Kraven är standarden EN 301 549, som bygger på WCAG 2.1 nivå AA.'],
      },
      {
        heading: 'Innehåll som inte är tillgängligt',
        list: [
          'Excel-tillägget i Excel äldre än Excel-API 1.18 (till exempel Excel 2019): celler med problem markeras bara med färg, utan anteckning. Samma uppgifter finns i text på bladet AMIF-kontroll, med en länk till varje cell. (WCAG 1.4.1 Användning av färg)',
          'Filerna som tjänsten skapar (CSV, arbetsböcker och den utskrivna sammanfattningen sparad som PDF) har inte granskats som dokument. Arbetsböckerna har rubrikrader men inga andra tillgänglighetsanpassningar. (WCAG 1.3.1 Information och relationer)',
          'Knapparna för att välja fil under Jämför med förra rapporten ritas av webbläsaren och står på webbläsarens språk, som kan skilja sig från sidans. (WCAG 3.1.2 Språk för delar)',
        ],
      },
      {
        heading: 'Innehåll som inte omfattas av lagkraven',
        paragraphs: ['Excel och Microsofts office.js, som tillägget körs i, kommer från Microsoft och omfattas av Microsofts egen tillgänglighetsinformation.'],
      },
      {
        heading: 'Hur vi testat tjänsten',
        paragraphs: ['Vi har gjort en självskattning (intern testning) av webbsidan, den här redogörelsen och Excel-tillägget (i en webbläsare, med en simulerad arbetsbok). Senaste bedömningen gjordes den {assessed}. Testerna körs automatiskt vid varje ändring av tjänsten:'],
        list: [
          'automatisk granskning med axe-core mot WCAG 2.1 nivå A och AA, på svenska, finska och engelska, före och efter en kontroll, med rapportperioder, jämförelse, dialoger och felmeddelanden;',
          'hela flödet med enbart tangentbord, med synlig fokusmarkering;',
          'skärmbredd 320, 360 och 375 pixlar och 200 % förstoring utan sidledes rullning av sidan, också med utökat textavstånd (WCAG 1.4.12);',
          'utskriften av sammanfattningen, som ryms på en sida.',
        ],
        after: [
          'Tjänsten har inte testats med skärmläsare (till exempel NVDA, JAWS eller VoiceOver) eller av användare med funktionsnedsättning.',
          'Redogörelsen uppdaterades senast den {updated}.',
        ],
      },
    ],
  },

  fi: {
    title: 'amif-checkin saavutettavuusseloste',
    lead: 'Tämä saavutettavuusseloste koskee amif-checkin tätä asennusta: verkkosivua ja Excel-apuohjelmaa, joilla tarkistetaan AMIF-hankkeiden osallistujarekisterit ja lasketaan indikaattorit. Palvelua ylläpitää {deployer}. Haluamme, että mahdollisimman moni voi käyttää palvelua. Selosteessa kerrotaan, miten amif-check täyttää digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) ja Ruotsin digitaalisten julkisten palvelujen saavutettavuutta koskevan lain (2018:1937) vaatimukset, mitkä ovat tunnetut puutteet ja miten voit ilmoittaa puutteista meille.',
    deployerUnknown: 'organisaatio, joka on asentanut tämän amif-checkin',
    feedbackUnknown: 'tähän asennukseen ei ole merkitty yhteystietoa; ota yhteyttä organisaatioon, jolta sait amif-checkin osoitteen',
    back: 'Takaisin amif-checkiin',
    sections: [
      {
        heading: 'Digipalvelun saavutettavuuden tila',
        paragraphs: ['Palvelu täyttää saavutettavuusvaatimukset osittain: useimmat osat toimivat pelkällä näppäimistöllä, suurennettuina ja kapealla näytöllä, mutta palvelussa on joitakin tunnettuja puutteita. Ne kerrotaan kohdassa Ei-saavutettava sisältö.'],
      },
      {
        heading: 'Jos et voi käyttää jotakin palvelun osaa',
        paragraphs: [
          'Jos tarvitset amif-checkin sisältöä toisessa muodossa tai et voi käyttää jotakin verkkosivun tai apuohjelman osaa, ota yhteyttä: {feedback}.',
          'Sama tarkistus on saatavana myös komentoriviohjelmana, joka kirjoittaa tuloksen tekstinä, CSV- tai JSON-muodossa.',
        ],
      },
      {
        heading: 'Anna palautetta saavutettavuudesta',
        paragraphs: ['Huomasitko saavutettavuuspuutteen, jota ei ole kerrottu tässä, tai katsotko, ettemme täytä lain vaatimuksia? Kerro siitä meille: {feedback}. Älä koskaan lähetä meille rekisteriä tai muita henkilötietoja: kerro, mitä teit ja mitä tapahtui.'],
      },
      {
        heading: 'Valvontaviranomainen Suomessa',
        country: 'fi',
        paragraphs: [
          'Jos huomaat palvelussa saavutettavuusongelmia, anna ensin palautetta meille. Vastauksessa voi mennä 14 päivää. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan kahden viikon aikana, voit tehdä ilmoituksen valvontaviranomaiselle. Suomessa saavutettavuusvaatimusten noudattamista valvoo Liikenne- ja viestintävirasto Traficom (31.12.2024 asti Etelä-Suomen aluehallintovirasto). Sivustolla [saavutettavuusvaatimukset.fi](https://www.saavutettavuusvaatimukset.fi) kerrotaan, miten ilmoituksen voi tehdä. Puhelin (vaihde) 029 534 5000.',
        ],
      },
      {
        heading: 'Valvontaviranomainen Ruotsissa',
        country: 'se',
        paragraphs: [
          'Ruotsissa valvonnasta vastaa Myndigheten för digital förvaltning (Digg). Jos et ole tyytyväinen siihen, miten käsittelemme palautteesi, voit ilmoittaa siitä Diggille: [digg.se/tdosanmalan](https://www.digg.se/tdosanmalan) (ruotsiksi), sähköposti [info@digg.se](mailto:info@digg.se), puhelin +46 771 11 44 00, postiosoite Myndigheten för digital förvaltning, Box 14, 851 02 Sundsvall, Ruotsi.',
        ],
      },
      {
        heading: 'Tekniset tiedot saavutettavuudesta',
        paragraphs: ['amif-check täyttää saavutettavuusvaatimukset osittain alla kerrottujen puutteiden vuoksi. Vaatimukset ovat standardi EN 301 549, joka perustuu WCAG 2.1 -ohjeiston AA-tasoon.'],
      },
      {
        heading: 'Ei-saavutettava sisältö',
        list: [
          'Excel-apuohjelma Excelissä, joka on vanhempi kuin Excel-ohjelmointirajapinta 1.18 (esimerkiksi Excel 2019): ongelmasolut merkitään vain värillä, ilman muistiinpanoa. Samat tiedot ovat tekstinä taulukossa AMIF-kontroll, ja jokaisesta rivistä on linkki soluun. (WCAG 1.4.1 Värien käyttö)',
          'Palvelun luomia tiedostoja (CSV, työkirjat ja PDF-tiedostoksi tallennettu yhteenveto) ei ole arvioitu asiakirjoina. Työkirjoissa on otsikkorivit mutta ei muita saavutettavuusratkaisuja. (WCAG 1.3.1 Informaatio ja suhteet)',
          'Kohdan Vertaa edelliseen raporttiin tiedostonvalintapainikkeet piirtää selain, ja niiden teksti on selaimen kielellä, joka voi poiketa sivun kielestä. (WCAG 3.1.2 Osien kieli)',
        ],
      },
      {
        heading: 'Sisältö, joka ei kuulu lain piiriin',
        paragraphs: ['Excel ja Microsoftin office.js, joissa apuohjelma toimii, ovat Microsoftin tuotteita, ja niiden saavutettavuudesta kertoo Microsoft.'],
      },
      {
        heading: 'Miten palvelu on arvioitu',
        paragraphs: ['Palvelun saavutettavuuden on arvioinut ylläpitäjä itse (itsearvio): verkkosivu, tämä seloste ja Excel-apuohjelma (selaimessa simuloidulla työkirjalla). Viimeisin arvio tehtiin {assessed}. Testit ajetaan automaattisesti jokaisen palveluun tehdyn muutoksen yhteydessä:'],
        list: [
          'automaattinen tarkistus axe-core-työkalulla WCAG 2.1 -ohjeiston A- ja AA-tasoja vasten ruotsiksi, suomeksi ja englanniksi ennen tarkistusta ja sen jälkeen, raportointikausien, vertailun, valintaikkunoiden ja virheilmoitusten kanssa;',
          'koko käyttö pelkällä näppäimistöllä, näkyvällä kohdistuksella;',
          'näytön leveys 320, 360 ja 375 pikseliä sekä 200 %:n suurennus ilman sivun vaakavieritystä, myös suurennetuilla tekstiväleillä (WCAG 1.4.12);',
          'yhteenvedon tulostus, joka mahtuu yhdelle sivulle.',
        ],
        after: [
          'Palvelua ei ole testattu ruudunlukijoilla (esimerkiksi NVDA, JAWS tai VoiceOver) eikä vammaisten käyttäjien kanssa.',
          'Saavutettavuusseloste on laadittu {assessed} ja päivitetty viimeksi {updated}.',
        ],
      },
    ],
  },

  en: {
    title: 'Accessibility statement for amif-check',
    lead: 'This installation of amif-check, the web page and the Excel add-in that check participant registers of AMIF projects and count their indicators, is run by {deployer}. We want as many people as possible to be able to use the service. This statement describes how amif-check meets the Swedish Act (2018:1937) on accessibility to digital public services and the Finnish Act on the Provision of Digital Services (306/2019), the accessibility problems we know of, and how you can report problems to us so that we can fix them.',
    deployerUnknown: 'the organisation that gave you its address',
    feedbackUnknown: 'this installation gives no contact here; contact the organisation that gave you the address of amif-check',
    back: 'Back to amif-check',
    sections: [
      {
        heading: 'How accessible is the service?',
        paragraphs: ['The service is partially compliant: most of it works by keyboard alone, magnified and on narrow screens, but there are a few known problems. They are listed under Content that is not accessible.'],
      },
      {
        heading: 'What to do if you cannot use parts of the service',
        paragraphs: [
          'If you need content of amif-check in another format, or cannot use a part of the web page or the add-in, contact us: {feedback}.',
          'The same check is also available as a command-line program, which writes its results as text, CSV or JSON.',
        ],
      },
      {
        heading: 'Reporting accessibility problems',
        paragraphs: ['We keep working to improve the service\'s accessibility. If you find a problem not described here, or think we do not meet the requirements of the law, let us know: {feedback}. Never send us the register or other personal data: describe what you did and what happened.'],
      },
      {
        heading: 'Supervision in Sweden',
        country: 'se',
        paragraphs: [
          'The Agency for Digital Government (Myndigheten för digital förvaltning, Digg) supervises the Act on accessibility to digital public services. If you are not satisfied with how we handle your feedback, you can contact Digg: [digg.se/tdosanmalan](https://www.digg.se/tdosanmalan) (in Swedish), email [info@digg.se](mailto:info@digg.se), telephone +46 771 11 44 00, post Myndigheten för digital förvaltning, Box 14, 851 02 Sundsvall, Sweden.',
        ],
      },
      {
        heading: 'Supervision in Finland',
        country: 'fi',
        paragraphs: [
          'Give us your feedback first. Our answer may take 14 days. If you are not satisfied with it, or get no answer within two weeks, you can notify the supervisory authority. In Finland the accessibility requirements are supervised by the Finnish Transport and Communications Agency Traficom (until 31 December 2024 by the Regional State Administrative Agency for Southern Finland). [saavutettavuusvaatimukset.fi](https://www.saavutettavuusvaatimukset.fi) (also in English) tells how to notify. Telephone (switchboard) +358 29 534 5000.',
        ],
      },
      {
        heading: 'Technical information on the service\'s accessibility',
        paragraphs: ['amif-check is partially compliant with the Swedish Act on accessibility to digital public services and the Finnish Act on the Provision of Digital Services, because of the problems listed below. The requirements are the standard EN 301 549, which builds on WCAG 2.1 level AA.'],
      },
      {
        heading: 'Content that is not accessible',
        list: [
          'The Excel add-in in an Excel older than Excel API 1.18 (Excel 2019, for example): cells with problems are marked with colour only, without a note. The sheet AMIF-kontroll holds the same in text, with a link to each cell. (WCAG 1.4.1 Use of Color)',
          'The files the service makes (CSV, workbooks, and the printed summary saved as PDF) have not been assessed as documents. The workbooks have header rows but no other accessibility features. (WCAG 1.3.1 Info and Relationships)',
          'The buttons for choosing files under Compare with the last report are drawn by the browser, in the browser\'s language, which may differ from the page\'s. (WCAG 3.1.2 Language of Parts)',
        ],
      },
      {
        heading: 'Content outside the scope of the law',
        paragraphs: ['Excel and Microsoft\'s office.js, in which the add-in runs, come from Microsoft; Microsoft describes their accessibility.'],
      },
      {
        heading: 'How we tested the service',
        paragraphs: ['We assessed the service ourselves (a self-assessment): the web page, this statement and the Excel add-in (in a browser, with a simulated workbook). It was last assessed on {assessed}. The tests run automatically with every change to the service:'],
        list: [
          'automated checks with axe-core against WCAG 2.1 levels A and AA, in Swedish, Finnish and English, before and after a check, with reporting periods, a comparison, dialogues and error messages;',
          'the whole flow by keyboard only, with a visible focus;',
          'screen widths of 320, 360 and 375 pixels and 200 % zoom without the page scrolling sideways, also with increased text spacing (WCAG 1.4.12);',
          'the printed summary, which fits one page.',
        ],
        after: [
          'The service has not been tested with screen readers (such as NVDA, JAWS or VoiceOver) or by users with disabilities.',
          'This statement was last updated on {updated}.',
        ],
      },
    ],
  },
};
