// Built-in text material of the synthetic corpus: short, neutral sentences
// per language (statements, questions, exclamations, numbers and dates), so
// the small config needs nothing from the machine. The full config adds
// system text (fortunes, word lists; see systemTexts()) where present.
//
// Keys are the languages of the corpus (the teacher's `language`); the
// engines' voices name the language they speak.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUILTIN_TEXTS = {
  en: [
    'The weather is mild today, and the park is quiet.',
    'Please open the window before lunch.',
    'We walked along the river after dinner.',
    'The train to the city leaves at nine fifteen.',
    'My brother bought a new blue bicycle last week.',
    'She keeps her old letters in a wooden box.',
    'The library closes early on Sundays.',
    'Could you pass me the salt, please?',
    'Where did you put the keys to the car?',
    'Is it going to rain tomorrow morning?',
    'What a beautiful view from the top of the hill!',
    'Watch out, the floor is still wet!',
    'That was the best concert I have ever heard!',
    'The meeting starts at half past three on Thursday.',
    'Our house number is two hundred and forty seven.',
    'It costs nineteen dollars and ninety nine cents.',
    'The flight was delayed by forty five minutes.',
    'Fresh bread smells wonderful in the morning.',
    'He reads the newspaper while drinking coffee.',
    'The children played football in the garden until dark.',
    'Do you remember the name of that little village?',
    'Thank you so much for your help yesterday!',
    'Seven people were waiting at the bus stop.',
    'The museum opened in nineteen ninety eight.',
  ],
  de: [
    'Heute ist das Wetter schön, und der Park ist ruhig.',
    'Bitte mach das Fenster vor dem Mittagessen auf.',
    'Wir sind nach dem Abendessen am Fluss spazieren gegangen.',
    'Der Zug nach München fährt um neun Uhr ab.',
    'Mein Bruder hat sich ein neues Fahrrad gekauft.',
    'Sie bewahrt ihre alten Briefe in einer Holzkiste auf.',
    'Die Bibliothek schließt am Sonntag früher.',
    'Kannst du mir bitte das Salz geben?',
    'Wo hast du die Autoschlüssel hingelegt?',
    'Regnet es morgen früh?',
    'Was für eine schöne Aussicht vom Berg!',
    'Vorsicht, der Boden ist noch nass!',
    'Das war das beste Konzert meines Lebens!',
    'Die Besprechung beginnt am Donnerstag um halb vier.',
    'Unsere Hausnummer ist zweihundertsiebenundvierzig.',
    'Das kostet neunzehn Euro und neunundneunzig Cent.',
    'Der Flug hatte fünfundvierzig Minuten Verspätung.',
    'Frisches Brot riecht am Morgen wunderbar.',
    'Er liest die Zeitung und trinkt dabei Kaffee.',
    'Die Kinder spielten im Garten Fußball, bis es dunkel wurde.',
    'Erinnerst du dich an den Namen des kleinen Dorfes?',
    'Vielen Dank für deine Hilfe gestern!',
  ],
  fr: [
    "Aujourd'hui il fait doux, et le parc est calme.",
    'Ouvre la fenêtre avant le déjeuner, s’il te plaît.',
    'Nous avons marché le long de la rivière après le dîner.',
    'Le train pour Lyon part à neuf heures.',
    'Mon frère a acheté un nouveau vélo bleu.',
    'Elle garde ses vieilles lettres dans une boîte en bois.',
    'La bibliothèque ferme tôt le dimanche.',
    'Tu peux me passer le sel, s’il te plaît ?',
    'Où as-tu mis les clés de la voiture ?',
    'Est-ce qu’il va pleuvoir demain matin ?',
    'Quelle belle vue depuis le sommet de la colline !',
    'Attention, le sol est encore mouillé !',
    'C’était le meilleur concert de ma vie !',
    'La réunion commence jeudi à quinze heures trente.',
    'Notre maison porte le numéro deux cent quarante-sept.',
    'Cela coûte dix-neuf euros quatre-vingt-dix-neuf.',
    'Le vol a eu quarante-cinq minutes de retard.',
    'Le pain frais sent bon le matin.',
    'Il lit le journal en buvant son café.',
    'Les enfants ont joué au football dans le jardin jusqu’au soir.',
    'Tu te souviens du nom de ce petit village ?',
    'Merci beaucoup pour ton aide hier !',
  ],
  es: [
    'Hoy hace buen tiempo, y el parque está tranquilo.',
    'Por favor, abre la ventana antes de comer.',
    'Caminamos junto al río después de cenar.',
    'El tren a Sevilla sale a las nueve.',
    'Mi hermano compró una bicicleta azul nueva.',
    'Ella guarda sus cartas viejas en una caja de madera.',
    'La biblioteca cierra temprano los domingos.',
    '¿Me pasas la sal, por favor?',
    '¿Dónde pusiste las llaves del coche?',
    '¿Va a llover mañana por la mañana?',
    '¡Qué vista tan bonita desde la colina!',
    '¡Cuidado, el suelo todavía está mojado!',
    '¡Fue el mejor concierto de mi vida!',
    'La reunión empieza el jueves a las tres y media.',
    'Nuestro número de casa es el doscientos cuarenta y siete.',
    'Cuesta diecinueve euros con noventa y nueve.',
    'El vuelo se retrasó cuarenta y cinco minutos.',
    'El pan recién hecho huele muy bien por la mañana.',
    'Él lee el periódico mientras toma café.',
    'Los niños jugaron al fútbol en el jardín hasta la noche.',
    '¿Recuerdas el nombre de aquel pueblo pequeño?',
    '¡Muchas gracias por tu ayuda de ayer!',
  ],
  it: [
    'Oggi il tempo è mite, e il parco è tranquillo.',
    'Per favore, apri la finestra prima di pranzo.',
    'Abbiamo camminato lungo il fiume dopo cena.',
    'Il treno per Firenze parte alle nove.',
    'Mio fratello ha comprato una bicicletta blu nuova.',
    'Lei conserva le vecchie lettere in una scatola di legno.',
    'La biblioteca apre alle nove di mattina.',
    'Mi passi il sale, per favore?',
    'Dove hai messo le chiavi della macchina?',
    'Pioverà domani mattina?',
    'Che bella vista dalla cima della collina!',
    'Attenzione, il pavimento è ancora bagnato!',
    'È stato il concerto più bello della mia vita!',
    'La riunione comincia giovedì alle tre e mezza.',
    'Il numero di casa nostra è duecentoquarantasette.',
    'Costa diciannove euro e novantanove centesimi.',
    'Il volo è partito con quarantacinque minuti di ritardo.',
    'Il pane fresco ha un profumo meraviglioso.',
    'Lui legge il giornale mentre beve il caffè.',
    'I bambini hanno giocato a calcio in giardino fino a sera.',
    'Ti ricordi il nome di quel piccolo paese?',
    'Grazie mille per il tuo aiuto di ieri!',
  ],
  pt: [
    'O livro está em cima da mesa da cozinha.',
    'Ela gosta de caminhar na praia de manhã.',
    'O comboio para o Porto parte às nove.',
    'Podes abrir a janela, por favor?',
    'Onde deixaste as chaves do carro?',
    'Que vista tão bonita!',
    'A reunião começa às três e meia.',
    'Custa dezanove euros e noventa e nove cêntimos.',
    'As crianças brincaram no jardim até à noite.',
    'Muito obrigado pela tua ajuda!',
  ],
  nl: [
    'De kat slaapt op de bank bij het raam.',
    'Het weer is vandaag zacht en het park is rustig.',
    'De trein naar Utrecht vertrekt om negen uur.',
    'Wil je het raam even opendoen?',
    'Waar heb je de autosleutels gelaten?',
    'Wat een prachtig uitzicht!',
    'De vergadering begint om half vier.',
    'Het kost negentien euro en negenennegentig cent.',
    'De kinderen speelden in de tuin tot het donker werd.',
    'Hartelijk bedankt voor je hulp!',
  ],
  pl: [
    'Jutro pojedziemy pociągiem do Krakowa.',
    'Dzisiaj jest ładna pogoda, a park jest cichy.',
    'Czy możesz otworzyć okno?',
    'Gdzie położyłeś klucze do samochodu?',
    'Jaki piękny widok!',
    'Spotkanie zaczyna się o wpół do czwartej.',
    'To kosztuje dziewiętnaście złotych.',
    'Dzieci bawiły się w ogrodzie do wieczora.',
    'Dziękuję bardzo za pomoc!',
  ],
  ru: [
    'Сегодня хорошая погода, и мы идём гулять.',
    'Поезд в Москву отправляется в девять часов.',
    'Ты можешь открыть окно?',
    'Где ключи от машины?',
    'Какой красивый вид!',
    'Собрание начинается в половине четвёртого.',
    'Это стоит девятнадцать рублей.',
    'Дети играли в саду до вечера.',
    'Большое спасибо за помощь!',
  ],
  cs: [
    'Na stole leží jablko a hruška.',
    'Dnes je hezky a park je tichý.',
    'Můžeš otevřít okno?',
    'Kde máš klíče od auta?',
    'To je ale krásný výhled!',
    'Schůzka začíná v půl čtvrté.',
    'Děti si hrály na zahradě až do večera.',
    'Děkuji za pomoc!',
  ],
  fi: [
    'Huomenna menemme kirjastoon yhdessä.',
    'Tänään on kaunis ilma, ja puisto on hiljainen.',
    'Voitko avata ikkunan?',
    'Missä auton avaimet ovat?',
    'Mikä kaunis näkymä!',
    'Kokous alkaa puoli neljältä.',
    'Lapset leikkivät puutarhassa iltaan asti.',
    'Kiitos paljon avusta!',
    'Juna Helsinkiin lähtee kello yhdeksän viisitoista.',
    'Veljeni osti viime viikolla uuden sinisen polkupyörän.',
    'Hän säilyttää vanhat kirjeensä puulaatikossa.',
    'Kirjasto suljetaan sunnuntaisin aikaisin.',
    'Voisitko ojentaa minulle suolan?',
    'Sataako huomenna aamulla?',
    'Varo, lattia on vielä märkä!',
    'Se oli paras konsertti, jonka olen koskaan kuullut!',
    'Talomme numero on kaksisataaneljäkymmentäseitsemän.',
    'Lento oli neljäkymmentäviisi minuuttia myöhässä.',
    'Tuore leipä tuoksuu aamulla ihanalta.',
    'Hän lukee sanomalehteä ja juo kahvia.',
    'Muistatko sen pienen kylän nimen?',
    'Seitsemän ihmistä odotti bussipysäkillä.',
    'Museo avattiin vuonna tuhatyhdeksänsataayhdeksänkymmentäkahdeksan.',
    'Kävelimme joen rantaa pitkin illallisen jälkeen.',
    'Järvellä on paljon pieniä saaria.',
    'Talvella päivät ovat lyhyitä ja yöt pitkiä.',
    'Mummo leipoi pullaa koko perheelle.',
    'Saunan jälkeen uimme kylmässä järvessä.',
    'Kauppa on auki kello kahdeksasta kahteenkymmeneen.',
    'Mitä sinä teet viikonloppuna?',
    'Kissa nukkuu ikkunalaudalla auringossa.',
    'Opettaja kirjoitti taululle pitkän lauseen.',
    'Ostin torilta mansikoita ja uusia perunoita.',
    'Bussi myöhästyi taas kymmenen minuuttia!',
    'Syksyllä metsästä löytyy paljon sieniä.',
    'Ystäväni asuu Tampereella keskustan lähellä.',
    'Onko tämä oikea tie rautatieasemalle?',
    'Huomenna on sateinen ja tuulinen päivä.',
    'Lapset rakensivat pihalle suuren lumiukon.',
    'Meidän täytyy lähteä nyt, muuten myöhästymme.',
  ],
  ca: [
    'Avui fa bon temps i el parc està tranquil.',
    'Si us plau, obre la finestra abans de dinar.',
    'Vam passejar vora el riu després de sopar.',
    'El tren cap a Girona surt a les nou i quart.',
    'El meu germà es va comprar una bicicleta blava la setmana passada.',
    'Ella guarda les cartes antigues en una capsa de fusta.',
    'La biblioteca tanca aviat els diumenges.',
    'Em pots passar la sal, si us plau?',
    'On has deixat les claus del cotxe?',
    'Plourà demà al matí?',
    'Quina vista més bonica des del cim del turó!',
    'Compte, el terra encara és moll!',
    'Va ser el millor concert de la meva vida!',
    'La reunió comença dijous a dos quarts de quatre.',
    'El número de la nostra casa és el dos-cents quaranta-set.',
    'Costa dinou euros amb noranta-nou cèntims.',
    'El vol va arribar amb quaranta-cinc minuts de retard.',
    'El pa acabat de fer fa molt bona olor al matí.',
    'Llegeix el diari mentre pren el cafè.',
    'Els nens van jugar a futbol al jardí fins que es va fer fosc.',
    "Te'n recordes del nom d'aquell poble petit?",
    "Moltes gràcies per l'ajuda d'ahir!",
    "Set persones esperaven a la parada de l'autobús.",
    'El museu es va inaugurar l’any mil nou-cents noranta-vuit.',
    'A l’estiu anem a la platja cada dia.',
    'La meva àvia fa la millor paella del barri.',
  ],
  bg: [
    'Днес времето е хубаво и паркът е тих.',
    'Моля, отвори прозореца преди обяд.',
    'След вечеря се разходихме покрай реката.',
    'Влакът за Пловдив тръгва в девет и петнадесет.',
    'Брат ми си купи нов син велосипед миналата седмица.',
    'Можеш ли да ми подадеш солта?',
    'Къде остави ключовете от колата?',
    'Каква красива гледка от върха на хълма!',
    'Срещата започва в четвъртък в три и половина.',
    'Благодаря ти много за помощта вчера!',
    'Децата играха футбол в градината до тъмно.',
    'Библиотеката затваря рано в неделя.',
  ],
  tr: [
    'Bu akşam arkadaşlarımla yemek yiyeceğiz.',
    'Bugün hava güzel ve park sessiz.',
    'Pencereyi açabilir misin?',
    'Arabanın anahtarları nerede?',
    'Ne güzel bir manzara!',
    'Toplantı üç buçukta başlıyor.',
    'Çocuklar akşama kadar bahçede oynadı.',
    'Yardımın için çok teşekkürler!',
  ],
  hi: [
    'आज मौसम बहुत अच्छा है।',
    'कृपया खिड़की खोल दीजिए।',
    'गाड़ी की चाबी कहाँ है?',
    'कितना सुंदर दृश्य है!',
    'बैठक साढ़े तीन बजे शुरू होगी।',
    'बच्चे शाम तक बगीचे में खेलते रहे।',
    'आपकी मदद के लिए बहुत धन्यवाद!',
  ],
  mr: [
    'आज हवा खूप छान आहे.',
    'कृपया खिडकी उघडा.',
    'गाडीची किल्ली कुठे आहे?',
    'किती सुंदर दृश्य आहे!',
    'सभा साडेतीन वाजता सुरू होईल.',
    'मुले संध्याकाळपर्यंत बागेत खेळत होती.',
    'तुमच्या मदतीबद्दल खूप धन्यवाद!',
    'मी रोज सकाळी चहा पितो.',
    'आम्ही नदीच्या काठावर फिरायला गेलो.',
    'पुण्याला जाणारी गाडी नऊ वाजता सुटते.',
  ],
  te: [
    'ఈ రోజు వాతావరణం చాలా బాగుంది.',
    'దయచేసి కిటికీ తెరవండి.',
    'కారు తాళం ఎక్కడ ఉంది?',
    'ఎంత అందమైన దృశ్యం!',
    'సమావేశం మూడున్నరకు మొదలవుతుంది.',
    'పిల్లలు సాయంత్రం వరకు తోటలో ఆడుకున్నారు.',
    'మీ సహాయానికి చాలా ధన్యవాదాలు!',
    'నేను ప్రతిరోజు ఉదయం కాఫీ తాగుతాను.',
  ],
  ja: [
    'きょうは いい てんき です。',
    'まどを あけて ください。',
    'くるまの かぎは どこですか?',
    'なんて きれいな けしき でしょう!',
    'かいぎは さんじはんに はじまります。',
    'こどもたちは よるまで にわで あそびました。',
    'てつだって くれて ありがとう!',
  ],
  cmn: [
    '今天天气很好。我们去公园散步。',
    '请把窗户打开。',
    '车钥匙在哪里?',
    '风景真美啊!',
    '会议三点半开始。',
    '孩子们在花园里一直玩到晚上。',
    '非常感谢你的帮助!',
  ],
};

// Debian fortune files per corpus language. `dir` is a folder under a
// fortune root ('' = the root itself); for the root, `files` names the ones in
// that language, because the root mixes English (fortunes, fortunes-min) with
// Italian (fortunes-it also puts copies there), Portuguese (fortunes-br) and
// Chinese (fortunes-zh). The -off (offensive) sets are never read.
const EN_ROOT_FILES = [
  'art', 'cookie', 'definitions', 'disclaimer', 'education', 'food', 'fortunes', 'goedel', 'humorists', 'kids', 'knghtbrd', 'law', 'literature',
  'love', 'magic', 'medicine', 'miscellaneous', 'news', 'paradoxum', 'people', 'pets', 'platitudes', 'politics', 'pratchett', 'riddles', 'science',
  'songs-poems', 'sports', 'startrek', 'tao', 'translate-me', 'wisdom', 'work', 'zippy',
];
const FORTUNE_SETS = {
  en: { dir: '', files: EN_ROOT_FILES },
  pt: { dir: '', files: ['brasil'] },
  cmn: { dir: '', files: ['chinese', 'tang300', 'song100'] },
  de: { dir: 'de' },
  es: { dir: 'es' },
  it: { dir: 'it' },
  pl: { dir: 'pl' },
  ru: { dir: 'ru' },
  cs: { dir: 'cs' },
  bg: { dir: 'bg' },
};
// Files inside the language folders that are skipped: offensive or
// stereotyping sets, and technical ones (command names, URLs and jargon read
// aloud are poor speech), and Slovak in the Czech folder.
const FORTUNE_SKIP = /^(off|offensive|limerick|men-women|ethnic|sex|dowcipy-(szowinistyczne|feministyczne|lepper)|radio_maryja|klasik-sk)$|debian|linux|kernel|computer|komputer|pocitace|informatica|perl|gentoo|pld|irc|http|ipv6|microsoft|M\$|programming|lkml|sig|plug|pLug|icpusers|polish_manpages|blug|ospl|dookola|jogger|haiku|asciiart|ascii-art|banner/u;
// Letters of the script each language is written in: a fortune whose letters
// are mostly of another script (an English quote in a Russian set) is skipped.
const SCRIPT_OF = { ru: /\p{Script=Cyrillic}/u, bg: /\p{Script=Cyrillic}/u, cmn: /\p{Script=Han}/u };
const FORTUNE_ROOTS = ['/usr/share/games/fortunes', '/usr/share/fortune'];
const HUNSPELL_ROOTS = ['/usr/share/hunspell', '/usr/share/myspell/dicts'];
const WORDLIST_FILES = { en: ['/usr/share/dict/words', '/usr/share/dict/american-english', '/usr/share/dict/british-english'] };

function listFiles(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Short, speakable, single-paragraph fortunes from one strfile source, in the
 * script of `lang`. Attribution lines ("-- Author") are cut off (the quote
 * stays), colour escapes removed; code, markup, URLs and lists are skipped.
 */
export function readFortunes(file, lang) {
  const text = readFileSync(file, 'utf8');
  const script = SCRIPT_OF[lang] ?? /\p{Script=Latin}/u;
  const han = lang === 'cmn';
  const out = [];
  for (const chunk of text.split(/\r?\n%\r?\n/u)) {
    const lines = chunk.replace(/\x1b\[[0-9;]*m/gu, '').split('\n');
    const cut = lines.findIndex((l) => /^\s*(--|—|―|~~)/u.test(l));
    let body = (cut >= 0 ? lines.slice(0, cut) : lines).filter((l) => !/^\s*《.*》\s*$|^\s*作者/u.test(l));
    const s = body.join(' ').replace(/\s+/gu, ' ').trim();
    const len = [...s].length;
    if (han ? len < 8 || len > 60 : len < 20 || len > 160) continue;
    if (/[<>{}[\]|\\_=#*@^~`$%&/]|--|https?:|www\.|\d\)|^\s*[-–—]/u.test(s)) continue; // code, markup, dialogue dashes, lists
    if (!/[.!?。！？…][»"'”」]?$/u.test(s)) continue;
    const letters = [...s].filter((c) => /\p{L}/u.test(c));
    const inScript = letters.filter((c) => script.test(c)).length;
    if (letters.length === 0 || inScript < 0.9 * letters.length) continue;
    out.push(s);
  }
  return out;
}

/** Words from a hunspell .dic or a plain word list (one word a line), lower-case letters only. */
function readWords(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const words = [];
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 && /^\d+\s*$/u.test(lines[0])) continue; // hunspell count line
    const w = lines[i].split('/')[0].trim();
    // \p{M}: Indic scripts write vowels as combining marks.
    if ([...w].length >= 3 && [...w].length <= 14 && /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{M}]+$/u.test(w)) words.push(w);
  }
  return words;
}

// hunspell names of the corpus languages where they differ from the code.
const HUNSPELL_NAMES = { cmn: [] };

/**
 * Texts found on this machine, per language, in a deterministic order:
 * Debian fortunes (FORTUNE_SETS; offensive and technical sets skipped) and
 * word lists (hunspell dictionaries, /usr/share/dict). Word lists are
 * returned as words; the builder strings them into short lists. Nothing here
 * is required: missing files give empty lists.
 *
 * @param {string[]} languages
 * @returns {{ sentences: Record<string, {text: string, source: string}[]>, words: Record<string, {words: string[], source: string}> }}
 */
export function systemTexts(languages) {
  const sentences = {};
  const words = {};
  for (const lang of languages) {
    const found = [];
    const set = FORTUNE_SETS[lang];
    for (const root of set ? FORTUNE_ROOTS : []) {
      const dir = path.join(root, set.dir);
      if (!existsSync(dir)) continue;
      const names = set.files ?? listFiles(dir).filter((n) => !n.endsWith('.dat') && !n.endsWith('.u8') && (!n.includes('.') || n.endsWith('.fortunes')));
      for (const name of names) {
        if (FORTUNE_SKIP.test(name.replace(/\.fortunes$/u, ''))) continue;
        const file = path.join(dir, name);
        if (!isFile(file)) continue;
        const seen = new Set(found.map((f) => f.text));
        for (const text of readFortunes(file, lang)) {
          if (!seen.has(text)) found.push({ text, source: `fortunes:${set.dir ? `${set.dir}/` : ''}${name}` });
        }
      }
      if (found.length > 0) break; // the first root that has the set
    }
    if (found.length > 0) sentences[lang] = found;
    const candidates = [...(WORDLIST_FILES[lang] ?? [])];
    const names = HUNSPELL_NAMES[lang] ?? [lang];
    for (const root of HUNSPELL_ROOTS) {
      for (const name of listFiles(root)) {
        if (name.endsWith('.dic') && names.some((n) => name === `${n}.dic` || name.startsWith(`${n}_`))) candidates.push(path.join(root, name));
      }
    }
    for (const file of candidates) {
      if (!isFile(file)) continue;
      const list = readWords(file);
      if (list.length >= 100) {
        words[lang] = { words: list, source: `wordlist:${path.basename(file)}` };
        break;
      }
    }
  }
  return { sentences, words };
}
