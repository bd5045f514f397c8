/**
 * Which tool wrote an export, sniffed from its header row (research §1.2, §1.3): Microsoft Forms
 * starts ID, Start time, Completion time, Email, Name (headers are localised to the form owner's
 * language; "Last modified time" and quiz columns are optional); Google Forms starts Timestamp,
 * then Email address (either casing) and a quiz Score when present. The metadata columns found
 * here are accounted for; every other column must be in the survey's mapping.
 */

export type Format = 'msforms' | 'google';
export type MetaRole =
  | 'id'
  | 'start'
  | 'completion'
  | 'email'
  | 'name'
  | 'lastModified'
  | 'totalPoints'
  | 'quizFeedback'
  | 'timestamp'
  | 'score'
  | 'quizDetail';

/** Identity columns: read by nobody, stored nowhere. */
export const IDENTITY_ROLES: readonly MetaRole[] = ['email', 'name'];

const norm = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** Microsoft Forms metadata headers in the languages seen in schools' exports. */
const MS_HEADERS: Record<Exclude<MetaRole, 'timestamp' | 'score' | 'quizDetail'>, string[]> = {
  id: ['id', 'المعرف', 'identificador', 'kennung', 'identifiant'],
  start: ['start time', 'وقت البدء', 'hora de inicio', 'startzeit', 'heure de début', 'ora di inizio', 'begintijd'],
  completion: [
    'completion time',
    'وقت الانتهاء',
    'hora de finalización',
    'fertigstellungszeit',
    'heure de fin',
    'ora di completamento',
    'tijd van voltooiing',
  ],
  email: ['email', 'e-mail', 'البريد الإلكتروني', 'correo electrónico', 'adresse de messagerie', 'posta elettronica'],
  name: ['name', 'الاسم', 'nombre', 'nom', 'nome', 'naam'],
  lastModified: [
    'last modified time',
    'وقت آخر تعديل',
    'hora de la última modificación',
    'zeitpunkt der letzten änderung',
    'heure de la dernière modification',
  ],
  totalPoints: ['total points', 'إجمالي النقاط', 'puntos totales', 'gesamtpunktzahl', 'total des points'],
  quizFeedback: [
    'quiz feedback',
    'ملاحظات الاختبار',
    'comentarios del cuestionario',
    'quiz-feedback',
    'commentaires du questionnaire',
  ],
};

const GOOGLE_HEADERS = {
  timestamp: ['timestamp', 'marca temporal', 'horodateur', 'zeitstempel', 'informazioni cronologiche', 'tijdstempel'],
  email: ['email address', 'adresse e-mail', 'e-mail-adresse', 'dirección de correo electrónico', 'indirizzo email'],
  score: ['score', 'puntuación', 'punktzahl', 'punteggio'],
};

const roleOf = (table: Record<string, string[]>, header: string): string | undefined =>
  Object.entries(table).find(([, names]) => names.includes(norm(header)))?.[0];

export type Sniffed = { format: Format; meta: Map<number, MetaRole> };

/** The format and the metadata columns, or undefined when the header is neither tool's. */
export function sniffFormat(headers: readonly string[]): Sniffed | undefined {
  const first = headers.slice(0, 5).map((h) => roleOf(MS_HEADERS, h));
  if (first.join(',') === 'id,start,completion,email,name') {
    const meta = new Map<number, MetaRole>();
    for (const [i, r] of first.entries()) meta.set(i, r as MetaRole);
    for (const [i, h] of headers.entries()) {
      if (i < 5) continue;
      const role = roleOf(MS_HEADERS, h);
      if (role === 'lastModified' || role === 'totalPoints' || role === 'quizFeedback') meta.set(i, role);
    }
    // Quiz mode: "Points - <question>" and "Feedback - <question>" beside each question.
    const titles = new Set(headers.map(norm));
    for (const [i, h] of headers.entries()) {
      const m = /^(points|feedback) - (.+)$/i.exec(h.trim());
      if (m && titles.has(norm(m[2] as string))) meta.set(i, 'quizDetail');
    }
    return { format: 'msforms', meta };
  }
  if (roleOf(GOOGLE_HEADERS, headers[0] ?? '') === 'timestamp') {
    const meta = new Map<number, MetaRole>([[0, 'timestamp']]);
    for (const i of [1, 2]) {
      const role = roleOf(GOOGLE_HEADERS, headers[i] ?? '');
      if (role === 'email' || (role === 'score' && !meta.has(i))) meta.set(i, role as MetaRole);
    }
    return { format: 'google', meta };
  }
  return undefined;
}

export const FORMAT_LABELS: Record<Format, string> = { msforms: 'Microsoft Forms', google: 'Google Forms' };

export { norm as normaliseHeaderText };
