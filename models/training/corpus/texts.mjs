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

// Debian fortune sets that are never used (offensive or not prose).
const FORTUNE_SKIP = new Set(['off', 'offensive', 'limerick', 'men-women', 'linux', 'computers', 'debian', 'perl', 'kernelnewbies']);
const FORTUNE_ROOTS = ['/usr/share/games/fortunes', '/usr/share/fortune'];
// Directories of localised fortune packages (fortunes-de, -fr, -it, -es ...).
const FORTUNE_LANG_DIRS = { de: 'de', fr: 'fr', it: 'it', es: 'es', pl: 'pl', ru: 'ru', cs: 'cs' };
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

/** Short, speakable, single-sentence-ish fortunes from one strfile source. */
function readFortunes(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const chunk of text.split(/\n%\n/u)) {
    const s = chunk.replace(/\s+/gu, ' ').trim();
    if (s.length < 20 || s.length > 160) continue;
    if (/[<>{}[\]|\\_=#*@^~`$]|--|\t|https?:/u.test(s)) continue; // code, quotes with attribution lines, markup
    if (!/[.!?]$/u.test(s)) continue;
    out.push(s);
  }
  return out;
}

/** Words from a hunspell .dic or a plain word list (one word a line), letters only. */
function readWords(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const words = [];
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 && /^\d+\s*$/u.test(lines[0])) continue; // hunspell count line
    const w = lines[i].split('/')[0].trim();
    if (w.length >= 3 && w.length <= 14 && /^\p{Ll}+$/u.test(w)) words.push(w);
  }
  return words;
}

/**
 * Texts found on this machine, per language, in a deterministic order:
 * Debian fortunes (English root set and localised sets; offensive sets
 * skipped) and word lists (hunspell dictionaries, /usr/share/dict). Word
 * lists are returned as words; the builder strings them into short lists.
 * Nothing here is required: missing files give empty lists.
 *
 * @param {string[]} languages
 * @returns {{ sentences: Record<string, {text: string, source: string}[]>, words: Record<string, {words: string[], source: string}> }}
 */
export function systemTexts(languages) {
  const sentences = {};
  const words = {};
  for (const lang of languages) {
    const found = [];
    for (const root of FORTUNE_ROOTS) {
      const dir = lang === 'en' ? root : FORTUNE_LANG_DIRS[lang] ? path.join(root, FORTUNE_LANG_DIRS[lang]) : null;
      if (!dir || !existsSync(dir)) continue;
      for (const name of listFiles(dir)) {
        if (FORTUNE_SKIP.has(name) || name.endsWith('.dat') || name.endsWith('.u8') || name.includes('.')) continue;
        const file = path.join(dir, name);
        if (!isFile(file)) continue;
        for (const text of readFortunes(file)) found.push({ text, source: `fortunes:${lang === 'en' ? '' : `${lang}/`}${name}` });
      }
    }
    if (found.length > 0) sentences[lang] = found;
    const candidates = [...(WORDLIST_FILES[lang] ?? [])];
    for (const root of HUNSPELL_ROOTS) {
      for (const name of listFiles(root)) {
        if (name.endsWith('.dic') && (name === `${lang}.dic` || name.startsWith(`${lang}_`))) candidates.push(path.join(root, name));
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
