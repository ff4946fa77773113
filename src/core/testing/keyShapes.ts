/**
 * Credentials of every shape the masking contract covers, for tests of maskSecrets and of every
 * route and export. Each `secret` is the part that must never survive; `text` is how it appears.
 * Built at run time from fragments so that no complete key sits in the repository for scanners.
 */
export interface KeyShape {
  name: string;
  /** The string as it would appear in a payload, header, URL... */
  text: string;
  /** Substrings that must not survive masking. */
  secrets: string[];
}

const body = (n: number, alphabet = 'A1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvWxYz') => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + n) % alphabet.length]).join('');

const pem = [
  `-----BEGIN ${'PRIVATE'} KEY-----`,
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  'Xk3p9wq2Lz8vR5mN1tY4uH6gJ0cB3aS7dF2eK9oP1iU5yT8rE4w',
  '-----END PRIVATE KEY-----',
].join('\n');

const shape = (name: string, text: string, secrets: string[] = [text]): KeyShape => ({ name, text, secrets });

export const KEY_SHAPES: KeyShape[] = [
  shape('OpenAI legacy key', `sk-${body(48)}`),
  shape('OpenAI project key, _ and - in the body', `sk-proj-ab_cd-${body(20)}_${body(30)}-${body(40)}`),
  shape('OpenAI project key, - early', `sk-proj-${body(3)}-${body(60)}`, [body(60)]),
  shape('OpenAI service-account key', `sk-svcacct-${body(30)}-${body(20)}_${body(40)}`),
  shape('OpenAI admin key', `sk-admin-${body(12)}_${body(40)}-${body(9)}`),
  shape('Anthropic key', `sk-ant-api03-${body(40)}-${body(20)}_${body(30)}-AA`),
  shape('AWS access key id', `AKIA${'IOSFODNN7EXAMPLE'}`),
  shape('AWS temporary access key id', `ASIA${'Y34FZKBOKMUTVV7A'}`),
  shape('AWS secret access key, env style', `AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/${'bPxRfiCYEXAMPLEKEY'}`, ['wJalrXUtnFEMI/K7MDENG']),
  shape('AWS secret access key, JSON style', `"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/${'bPxRfiCYzEXAMPLEKE'}"`, ['wJalrXUtnFEMI/K7MDENG']),
  shape('Google API key', `AIza${'Sy'}${body(33)}`),
  shape('Hugging Face token', `hf_${body(34, 'abcdefghijKLMNOPQRSTuvwxyz')}`),
  shape('Groq key', `gsk_${body(52)}`),
  shape('Stripe live secret key', `sk_${'live'}_${body(40)}`),
  shape('Stripe restricted key', `rk_${'live'}_${body(40)}`),
  shape('GitHub classic token', `ghp_${body(36)}`),
  shape('GitHub fine-grained token', `github_pat_${body(22)}_${body(59)}`),
  shape('Slack token', `xoxb-${body(12)}-${body(24)}`),
  shape('JWT', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${body(43)}`, ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', body(43)]),
  shape('PEM private key', pem, ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'Xk3p9wq2Lz8vR5mN1tY4uH6gJ0cB3aS7dF2eK9oP1iU5yT8rE4w']),
  shape('Bearer token', `Bearer ${body(40)}`, [body(40)]),
  shape('bearer token, lower case', `bearer ${body(32)}`, [body(32)]),
  shape('BEARER token, upper case', `BEARER ${body(32)}`, [body(32)]),
  shape('Basic credentials', `Basic ${'dXNlcjpwYXNzd29yZA=='}`, ['dXNlcjpwYXNzd29yZA']),
  shape('basic credentials, lower case', `basic ${'YWxhZGRpbjpvcGVuc2VzYW1l'}`, ['YWxhZGRpbjpvcGVuc2VzYW1l']),
  shape('key in a query string', `wss://gw.example/v1/responses?api-key=${'azure0123secret456'}&x=1`, ['azure0123secret456']),
  shape('token in a query string', `/v1/responses?model=m&token=${'tkn0123secret456'}`, ['tkn0123secret456']),
  shape('user:pass@ in a URL', `wss://alice:${'hunter2pass'}@gw.example/v1/responses`, ['hunter2pass']),
];

/** Anchors and key bodies that every quick "may this hold a key?" check must agree with maskSecrets on. */
const KEY_FRAGMENTS = [
  'sk-',
  'rk_',
  'sess-',
  'xoxb-',
  'gsk_',
  'hf_',
  'ghp_',
  'github_pat_',
  'AIza',
  'AKIA',
  'eyJ',
  '.eyJ',
  'Bearer ',
  'basic ',
  'secret',
  '_',
  'access',
  'key',
  '=',
  '?',
  '&',
  ';',
  'token',
  '://',
  '@',
  ':',
  '-----BEGIN PRIVATE KEY-----',
  '\\n',
  '"',
  ' ',
  'A1b2C3d4E5f6G7h8',
  'xyz',
  '/',
  '+',
];

/**
 * `count` seeded random texts of 1–12 key fragments: a mask's quick check that skips maskSecrets
 * must give the same output as maskSecrets on every one (a miss is a leak).
 */
export function keyFragmentTexts(count: number, seed = 0x2545f491): string[] {
  const rand = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let k = rand(12) + 1; k > 0; k--) text += KEY_FRAGMENTS[rand(KEY_FRAGMENTS.length)];
    texts.push(text);
  }
  return texts;
}
