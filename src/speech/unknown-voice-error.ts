import { LectraError } from '../errors.js';
import { closeMatches } from './close-matches.js';

/** The one message for a voice a provider does not have: names the option and suggests fixes. */
export function unknownVoiceError(providerId: string, voice: string, voiceIds: readonly string[]): LectraError {
  const matches = closeMatches(voice, voiceIds, 5);
  const hint = matches.length > 0 ? ` Close matches: ${matches.join(', ')}.` : '';
  return new LectraError(
    'unknown-voice',
    `voice '${voice}' is not ${/^[aeiou]/i.test(providerId) ? 'an' : 'a'} ${providerId} voice.${hint} Run \`lectra voices\` to list them.`,
    { field: '--voice', details: matches.length > 0 ? [`Close matches: ${matches.join(', ')}`] : [] },
  );
}
