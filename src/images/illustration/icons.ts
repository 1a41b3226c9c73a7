/**
 * Hand-drawn line icons for the offline illustrations, each in a 100×100 box. They are drawn
 * with the stroke of the group that holds them; `class="s"` marks a soft (translucent) fill and
 * `class="f"` a solid one, styled by the illustration's <style>. `words` are the keywords that
 * pick the icon (compared after stemming; words of 5+ letters also match longer words).
 */
export interface Icon {
  name: string;
  words: string[];
  svg: string;
}

function gear(): string {
  const teeth = 8;
  const points: string[] = [];
  for (let i = 0; i < teeth * 4; i++) {
    const angle = (i / (teeth * 4)) * Math.PI * 2 - Math.PI / (teeth * 4);
    const radius = i % 4 === 1 || i % 4 === 2 ? 36 : 28;
    points.push(`${(50 + radius * Math.cos(angle)).toFixed(1)},${(50 + radius * Math.sin(angle)).toFixed(1)}`);
  }
  return `<polygon class="s" points="${points.join(' ')}"/><circle cx="50" cy="50" r="11"/>`;
}

function sunRays(): string {
  let rays = '';
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2;
    const p = (r: number): string => `${(50 + r * Math.cos(a)).toFixed(1)} ${(50 + r * Math.sin(a)).toFixed(1)}`;
    rays += `<path d="M${p(27)} L${p(38)}"/>`;
  }
  return rays;
}

function clockTicks(): string {
  let ticks = '';
  for (let i = 0; i < 12; i += 3) {
    const a = (i / 12) * Math.PI * 2;
    ticks += `<path d="M${(50 + 29 * Math.cos(a)).toFixed(1)} ${(50 + 29 * Math.sin(a)).toFixed(1)} L${(50 + 33 * Math.cos(a)).toFixed(1)} ${(50 + 33 * Math.sin(a)).toFixed(1)}"/>`;
  }
  return ticks;
}

export const ICONS: Icon[] = [
  {
    name: 'atom',
    words: ['atom', 'physics', 'quantum', 'nuclear', 'particle', 'electron', 'proton', 'neutron', 'molecule', 'chemistry', 'science', 'scientific'],
    svg: `<ellipse cx="50" cy="50" rx="38" ry="14"/><ellipse cx="50" cy="50" rx="38" ry="14" transform="rotate(60 50 50)"/><ellipse cx="50" cy="50" rx="38" ry="14" transform="rotate(120 50 50)"/><circle class="f" cx="50" cy="50" r="7"/>`,
  },
  {
    name: 'dna',
    words: ['dna', 'gene', 'genetic', 'genome', 'heredity', 'biology', 'biotech', 'evolution', 'crispr', 'chromosome', 'mutation', 'cell', 'protein'],
    svg: `<path d="M35 12 C35 32 65 36 65 50 C65 64 35 68 35 88"/><path d="M65 12 C65 32 35 36 35 50 C35 64 65 68 65 88"/><path d="M39 22 H61 M44 31 H56 M44 69 H56 M39 78 H61"/><circle class="f" cx="50" cy="50" r="4"/>`,
  },
  {
    name: 'leaf',
    words: ['leaf', 'plant', 'tree', 'forest', 'nature', 'ecology', 'ecosystem', 'environment', 'green', 'sustainability', 'sustainable', 'garden', 'agriculture', 'farm', 'photosynthesis', 'botany', 'flower', 'biodiversity', 'organic'],
    svg: `<path class="s" d="M24 78 C22 42 46 20 82 18 C84 54 62 78 24 78 Z"/><path d="M12 90 L66 36"/>`,
  },
  {
    name: 'sun',
    words: ['sun', 'solar', 'summer', 'light', 'day', 'weather', 'heat', 'warm', 'renewable', 'radiation', 'star'],
    svg: `<circle class="s" cx="50" cy="50" r="17"/>${sunRays()}`,
  },
  {
    name: 'water',
    words: ['water', 'ocean', 'sea', 'rain', 'river', 'lake', 'drop', 'liquid', 'hydro', 'hydrology', 'marine', 'fluid', 'wave', 'aqua', 'drink'],
    svg: `<path class="s" d="M50 14 C50 14 24 44 24 61 C24 76 36 86 50 86 C64 86 76 76 76 61 C76 44 50 14 50 14 Z"/><path d="M38 62 C38 70 43 75 50 76"/>`,
  },
  {
    name: 'chart',
    words: ['chart', 'graph', 'statistic', 'statistics', 'data', 'analytics', 'analysis', 'growth', 'trend', 'metric', 'sales', 'market', 'economy', 'economics', 'performance', 'result', 'report', 'forecast', 'measure'],
    svg: `<path d="M16 18 V84 H86"/><rect class="s" x="26" y="56" width="12" height="20" rx="2"/><rect class="s" x="46" y="44" width="12" height="32" rx="2"/><rect class="s" x="66" y="30" width="12" height="46" rx="2"/><path d="M26 44 L44 30 L58 36 L80 16"/><path d="M70 16 H80 V26"/>`,
  },
  {
    name: 'code',
    words: ['code', 'coding', 'program', 'programming', 'software', 'developer', 'development', 'javascript', 'typescript', 'python', 'algorithm', 'computer', 'computing', 'function', 'api', 'web', 'app', 'application', 'engineering', 'debug'],
    svg: `<rect class="s" x="12" y="18" width="76" height="64" rx="8"/><path d="M12 32 H88"/><circle class="f" cx="21" cy="25" r="2.4"/><circle class="f" cx="29" cy="25" r="2.4"/><path d="M38 46 L28 56 L38 66 M62 46 L72 56 L62 66 M54 42 L46 70"/>`,
  },
  {
    name: 'brain',
    words: ['brain', 'mind', 'neuroscience', 'neuron', 'neural', 'psychology', 'cognitive', 'cognition', 'thinking', 'think', 'memory', 'intelligence', 'learning', 'mental', 'consciousness'],
    svg: `<path class="s" d="M48 20 C40 12 26 16 26 28 C16 30 13 42 19 50 C13 58 17 72 29 72 C31 82 43 86 48 78 Z"/><path class="s" d="M52 20 C60 12 74 16 74 28 C84 30 87 42 81 50 C87 58 83 72 71 72 C69 82 57 86 52 78 Z"/><path d="M26 28 C32 30 36 34 36 40 M19 50 C26 48 32 50 34 56 M74 28 C68 30 64 34 64 40 M81 50 C74 48 68 50 66 56 M40 66 C42 60 46 58 48 58 M60 66 C58 60 54 58 52 58"/>`,
  },
  {
    name: 'robot',
    words: ['robot', 'robotics', 'ai', 'artificial', 'automation', 'machine', 'chatbot', 'llm', 'model', 'gpt', 'autonomous', 'agent'],
    svg: `<rect class="s" x="20" y="32" width="60" height="46" rx="12"/><path d="M50 32 V20"/><circle class="f" cx="50" cy="16" r="5"/><circle class="f" cx="37" cy="52" r="6"/><circle class="f" cx="63" cy="52" r="6"/><path d="M40 66 H60 M20 52 H12 M80 52 H88"/>`,
  },
  {
    name: 'medical',
    words: ['health', 'healthcare', 'medical', 'medicine', 'hospital', 'doctor', 'nurse', 'patient', 'clinic', 'clinical', 'disease', 'treatment', 'therapy', 'diagnosis', 'care', 'vaccine', 'drug', 'pharmacy', 'surgery'],
    svg: `<path class="s" d="M38 14 H62 V38 H86 V62 H62 V86 H38 V62 H14 V38 H38 Z"/><path d="M22 50 H36 L42 40 L50 62 L56 50 H78"/>`,
  },
  {
    name: 'heart',
    words: ['heart', 'love', 'cardio', 'cardiology', 'cardiac', 'emotion', 'feeling', 'wellbeing', 'wellness', 'kindness', 'empathy', 'charity', 'relationship'],
    svg: `<path class="s" d="M50 82 C22 64 14 46 20 32 C26 18 44 16 50 30 C56 16 74 18 80 32 C86 46 78 64 50 82 Z"/><path d="M30 36 C32 30 36 28 40 28"/>`,
  },
  {
    name: 'book',
    words: ['book', 'reading', 'read', 'literature', 'library', 'story', 'novel', 'history', 'writing', 'poetry', 'text', 'study', 'knowledge', 'chapter', 'author', 'language', 'grammar'],
    svg: `<path class="s" d="M50 28 C40 20 26 20 14 24 V78 C26 74 40 74 50 82 Z"/><path class="s" d="M50 28 C60 20 74 20 86 24 V78 C74 74 60 74 50 82 Z"/><path d="M22 36 C30 34 36 35 42 38 M22 48 C30 46 36 47 42 50 M58 38 C64 35 70 34 78 36 M58 50 C64 47 70 46 78 48"/>`,
  },
  {
    name: 'education',
    words: ['education', 'school', 'university', 'student', 'teacher', 'teaching', 'course', 'class', 'graduation', 'degree', 'academic', 'college', 'curriculum', 'exam', 'learn'],
    svg: `<path class="s" d="M50 22 L90 40 L50 58 L10 40 Z"/><path d="M26 48 V66 C26 72 38 78 50 78 C62 78 74 72 74 66 V48"/><path d="M90 40 V62"/><circle class="f" cx="90" cy="66" r="4"/>`,
  },
  {
    name: 'globe',
    words: ['globe', 'world', 'global', 'globalization', 'earth', 'international', 'geography', 'country', 'countries', 'travel', 'internet', 'planet', 'culture', 'society', 'trade', 'politics', 'map'],
    svg: `<circle class="s" cx="50" cy="50" r="35"/><ellipse cx="50" cy="50" rx="15" ry="35"/><path d="M15 50 H85 M21 32 C38 38 62 38 79 32 M21 68 C38 62 62 62 79 68"/>`,
  },
  {
    name: 'gear',
    words: ['gear', 'engineering', 'mechanism', 'mechanical', 'machine', 'process', 'system', 'settings', 'industry', 'industrial', 'manufacturing', 'workflow', 'operation', 'maintenance', 'technology', 'tool', 'method'],
    svg: gear(),
  },
  {
    name: 'bulb',
    words: ['idea', 'bulb', 'innovation', 'creativity', 'creative', 'invention', 'insight', 'inspiration', 'solution', 'concept', 'electricity', 'lamp', 'brainstorm', 'design', 'tip', 'principle'],
    svg: `<path class="s" d="M50 12 C32 12 22 26 22 40 C22 52 30 58 36 66 V72 H64 V66 C70 58 78 52 78 40 C78 26 68 12 50 12 Z"/><path d="M38 80 H62 M42 88 H58 M44 54 L50 44 L56 54"/>`,
  },
  {
    name: 'money',
    words: ['money', 'finance', 'financial', 'bank', 'banking', 'investment', 'invest', 'budget', 'cost', 'price', 'payment', 'coin', 'currency', 'dollar', 'profit', 'revenue', 'tax', 'accounting', 'business', 'income', 'crypto', 'bitcoin'],
    svg: `<ellipse class="s" cx="42" cy="72" rx="26" ry="9"/><path d="M16 72 V62 C16 57 28 53 42 53 C56 53 68 57 68 62 V72"/><path d="M16 62 C16 67 28 71 42 71 C56 71 68 67 68 62"/><circle class="s" cx="64" cy="36" r="22"/><path d="M70 28 C68 25 65 24 62 24 C57 24 56 28 58 31 C60 34 70 34 70 40 C70 45 64 46 58 44 M64 20 V24 M64 46 V50"/>`,
  },
  {
    name: 'clock',
    words: ['clock', 'time', 'timeline', 'schedule', 'deadline', 'hour', 'minute', 'duration', 'speed', 'fast', 'delay', 'productivity', 'planning', 'future', 'past', 'age', 'era'],
    svg: `<circle class="s" cx="50" cy="50" r="36"/>${clockTicks()}<path d="M50 28 V50 L64 60"/><circle class="f" cx="50" cy="50" r="3.5"/>`,
  },
  {
    name: 'people',
    words: ['people', 'person', 'team', 'teamwork', 'community', 'social', 'sociology', 'population', 'human', 'humans', 'group', 'collaboration', 'leadership', 'management', 'employee', 'customer', 'user', 'audience', 'family', 'society', 'citizen', 'organization'],
    svg: `<circle class="s" cx="50" cy="34" r="12"/><path class="s" d="M28 80 C28 64 38 54 50 54 C62 54 72 64 72 80 Z"/><circle cx="24" cy="40" r="8"/><path d="M10 76 C10 64 16 58 24 58 C28 58 31 59 33 61"/><circle cx="76" cy="40" r="8"/><path d="M90 76 C90 64 84 58 76 58 C72 58 69 59 67 61"/>`,
  },
  {
    name: 'rocket',
    words: ['rocket', 'launch', 'space', 'startup', 'spaceflight', 'aerospace', 'mission', 'nasa', 'orbit', 'satellite', 'boost', 'accelerate', 'exploration'],
    svg: `<path class="s" d="M50 10 C64 22 68 40 64 62 H36 C32 40 36 22 50 10 Z"/><circle cx="50" cy="36" r="7"/><path d="M36 50 L24 64 L24 74 L37 66 M64 50 L76 64 L76 74 L63 66"/><path d="M44 70 C44 78 50 86 50 90 C50 86 56 78 56 70"/>`,
  },
  {
    name: 'shield',
    words: ['shield', 'security', 'secure', 'safety', 'safe', 'protection', 'protect', 'defense', 'privacy', 'cybersecurity', 'risk', 'insurance', 'immune', 'immunity', 'trust', 'law', 'regulation', 'compliance', 'ethics'],
    svg: `<path class="s" d="M50 12 L80 24 V46 C80 66 66 80 50 88 C34 80 20 66 20 46 V24 Z"/><path d="M36 50 L46 60 L66 38"/>`,
  },
  {
    name: 'lock',
    words: ['lock', 'password', 'encryption', 'cryptography', 'authentication', 'access', 'secret', 'key'],
    svg: `<rect class="s" x="22" y="44" width="56" height="42" rx="8"/><path d="M34 44 V32 C34 22 41 16 50 16 C59 16 66 22 66 32 V44"/><circle class="f" cx="50" cy="62" r="5"/><path d="M50 66 V74"/>`,
  },
  {
    name: 'cloud',
    words: ['cloud', 'weather', 'climate', 'storage', 'server', 'hosting', 'saas', 'sky', 'atmosphere', 'storm', 'online', 'upload', 'sync'],
    svg: `<path class="s" d="M28 74 C16 74 10 66 10 58 C10 49 17 43 26 43 C27 31 37 22 50 22 C62 22 71 30 73 41 C83 41 90 49 90 58 C90 67 83 74 73 74 Z"/><path d="M38 58 L50 46 L62 58 M50 46 V70"/>`,
  },
  {
    name: 'flask',
    words: ['flask', 'lab', 'laboratory', 'experiment', 'chemical', 'reaction', 'research', 'test', 'hypothesis', 'pharmaceutical', 'compound', 'acid'],
    svg: `<path class="s" d="M40 14 V40 L18 78 C16 83 19 88 25 88 H75 C81 88 84 83 82 78 L60 40 V14"/><path d="M34 14 H66 M28 64 H72"/><circle class="f" cx="44" cy="74" r="3.5"/><circle class="f" cx="56" cy="78" r="2.5"/><circle cx="54" cy="54" r="3"/>`,
  },
  {
    name: 'search',
    words: ['search', 'discovery', 'discover', 'investigation', 'investigate', 'explore', 'find', 'inspect', 'evidence', 'detail', 'question', 'review', 'audit', 'observation'],
    svg: `<circle class="s" cx="42" cy="42" r="26"/><path d="M61 61 L86 86"/><path d="M30 36 C32 30 36 27 42 26"/>`,
  },
  {
    name: 'chat',
    words: ['chat', 'communication', 'communicate', 'conversation', 'discussion', 'dialogue', 'message', 'talk', 'speech', 'feedback', 'debate', 'media', 'negotiation', 'interview', 'translation', 'linguistics'],
    svg: `<path class="s" d="M14 22 H68 C72 22 74 24 74 28 V54 C74 58 72 60 68 60 H36 L22 72 V60 H14 C10 60 8 58 8 54 V28 C8 24 10 22 14 22 Z"/><path d="M80 36 H88 C90 36 92 38 92 40 V66 C92 68 90 70 88 70 H82 V80 L70 70 H50 C48 70 46 68 46 66"/><path d="M22 36 H60 M22 46 H50"/>`,
  },
  {
    name: 'building',
    words: ['building', 'city', 'urban', 'architecture', 'company', 'corporate', 'office', 'government', 'institution', 'infrastructure', 'construction', 'real', 'estate', 'housing', 'enterprise', 'organisation'],
    svg: `<rect class="s" x="18" y="26" width="36" height="60" rx="3"/><path d="M54 44 H80 C81 44 82 45 82 46 V86 H12"/><path d="M28 38 H34 M40 38 H46 M28 50 H34 M40 50 H46 M28 62 H34 M40 62 H46 M64 56 H72 M64 68 H72 M32 86 V74 H40 V86"/>`,
  },
  {
    name: 'music',
    words: ['music', 'song', 'sound', 'audio', 'melody', 'rhythm', 'instrument', 'concert', 'art', 'arts', 'composer', 'acoustics', 'podcast'],
    svg: `<path d="M38 70 V24 L80 14 V60"/><ellipse class="s" cx="28" cy="72" rx="11" ry="8"/><ellipse class="s" cx="70" cy="62" rx="11" ry="8"/><path d="M38 36 L80 26"/>`,
  },
  {
    name: 'mountain',
    words: ['mountain', 'landscape', 'geology', 'terrain', 'hiking', 'adventure', 'challenge', 'goal', 'peak', 'journey', 'volcano', 'rock', 'outdoor', 'land'],
    svg: `<path class="s" d="M8 82 L38 30 L56 60 L66 46 L92 82 Z"/><path d="M30 44 L38 50 L45 42"/><circle class="f" cx="74" cy="24" r="7"/>`,
  },
  {
    name: 'network',
    words: ['network', 'networking', 'connection', 'connected', 'graph', 'node', 'blockchain', 'distributed', 'communication', 'web', 'link', 'integration', 'ecosystem', 'platform', 'iot', 'neural'],
    svg: `<path d="M50 50 L22 26 M50 50 L80 24 M50 50 L20 76 M50 50 L78 78 M22 26 L80 24 M20 76 L78 78"/><circle class="f" cx="50" cy="50" r="9"/><circle class="s" cx="22" cy="26" r="8"/><circle class="s" cx="80" cy="24" r="8"/><circle class="s" cx="20" cy="76" r="8"/><circle class="s" cx="78" cy="78" r="8"/>`,
  },
  {
    name: 'target',
    words: ['target', 'strategy', 'objective', 'aim', 'focus', 'marketing', 'accuracy', 'precision', 'success', 'achievement', 'plan', 'vision', 'purpose', 'kpi'],
    svg: `<circle class="s" cx="46" cy="54" r="34"/><circle cx="46" cy="54" r="21"/><circle class="f" cx="46" cy="54" r="7"/><path d="M46 54 L80 20 M72 18 L80 20 L82 28"/>`,
  },
  {
    name: 'planet',
    words: ['planet', 'astronomy', 'universe', 'galaxy', 'cosmos', 'cosmology', 'saturn', 'mars', 'jupiter', 'telescope', 'astrophysics', 'moon', 'stars'],
    svg: `<circle class="s" cx="50" cy="50" r="22"/><ellipse cx="50" cy="50" rx="42" ry="12" transform="rotate(-20 50 50)"/><circle class="f" cx="18" cy="20" r="2.5"/><circle class="f" cx="84" cy="80" r="2.5"/><path d="M80 14 V24 M75 19 H85"/>`,
  },
  {
    name: 'energy',
    words: ['energy', 'power', 'electric', 'electrical', 'battery', 'voltage', 'current', 'fuel', 'charge', 'lightning', 'efficiency', 'grid', 'engine', 'force'],
    svg: `<path class="s" d="M56 8 L22 56 H46 L40 92 L78 40 H54 Z"/>`,
  },
  {
    name: 'database',
    words: ['database', 'sql', 'storage', 'records', 'dataset', 'big', 'warehouse', 'query', 'table', 'archive', 'information'],
    svg: `<ellipse class="s" cx="50" cy="22" rx="30" ry="10"/><path d="M20 22 V78 C20 84 34 88 50 88 C66 88 80 84 80 78 V22"/><path d="M20 41 C20 47 34 51 50 51 C66 51 80 47 80 41 M20 60 C20 66 34 70 50 70 C66 70 80 66 80 60"/>`,
  },
];
