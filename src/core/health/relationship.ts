import type { HealthConfig } from '../../config/rules.js';
import { daysBetween } from '../dates.js';
import type { Person } from '../relationship.js';
import { missing, result } from './factor.js';
import { championLeftPhrase, phrase, type Phrase } from './phrases.js';
import type { FactorResult, HealthInputs } from './types.js';

/**
 * The relationship factor (DOMAIN §6, issue 21): "an account without an active core user/champion is
 * at risk even when the buyer is happy". Up to three parts, each a share of the weight:
 * - a champion or decision maker named and still there (high- and low-touch accounts: a named CSM
 *   manages their decision chain, DOMAIN §1);
 * - a champion still there and active within champion_quiet_days (any tier that named one): in the
 *   product (a user of an event file with the champion's e-mail) or in the CRM's last activity;
 * - a decision maker or economic buyer met within the tier's cadence (high- and low-touch accounts,
 *   when the touchpoint data reaches back that far).
 * The factor is scored over the parts that apply. With no contact known on the day at all the
 * factor is missing (no contact data: today's scores stand); so it is for a tech-touch account that
 * named no champion (nobody expects contacts there).
 */
export function relationship(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const settings = config.factors.relationship;
  const signals = inputs.relationship;
  if (signals === undefined) return missing('relationship', settings.weight, {}, phrase('relationship.no_contacts'));
  const { tier, people } = signals;
  const present = people.filter((person) => person.left === null);
  const champions = present.filter((person) => person.roles.includes('champion'));
  const deciders = present.filter((person) => person.roles.includes('decision_maker') || person.roles.includes('economic_buyer'));
  const cadence = tier === 'tech_touch' ? null : settings.cadence_days[tier];
  const lastDeciderTouch = latest(deciders.map((person) => person.last_touchpoint));
  // Active in the product (event files' users) or in the CRM's record, whichever is later.
  const championActive = latest(champions.flatMap((person) => [person.last_active, person.last_active_in_product]));
  const facts = {
    tier,
    contacts: present.length,
    departed: people.length - present.length,
    champions: champions.map(label),
    decision_makers: deciders.map(label),
    champion_last_active: championActive,
    last_decision_maker_touchpoint: lastDeciderTouch,
    last_touchpoint: signals.lastTouchpoint,
    cadence_days: cadence,
    champion_left: signals.championLeft ? label(signals.championLeft) : null,
    champion_left_on: signals.championLeft?.left?.on ?? null,
  };
  const parts: Array<{ share: number; earned: number; sentence: Phrase }> = [];
  const expectsContacts = tier !== 'tech_touch';
  if (expectsContacts) {
    parts.push(
      champions.length + deciders.length > 0
        ? { share: settings.key_contact_share, earned: 1, sentence: phrase('relationship.key_contacts', { count: champions.length + deciders.length }) }
        : { share: settings.key_contact_share, earned: 0, sentence: phrase('relationship.no_key_contact', { tier }) },
    );
  }
  if (champions.length > 0) {
    const quietFor = championActive === null ? null : daysBetween(championActive, inputs.asOf);
    if (quietFor === null || quietFor <= settings.champion_quiet_days) {
      parts.push({ share: settings.champion_share, earned: 1, sentence: phrase('relationship.champion_there', { names: champions.map(label), last: quietFor === null ? null : championActive }) });
    } else {
      parts.push({ share: settings.champion_share, earned: settings.quiet_champion_share, sentence: phrase('relationship.champion_quiet', { names: champions.map(label), days: quietFor, last: championActive! }) });
    }
  } else if (signals.championLeft) {
    parts.push({ share: settings.champion_share, earned: 0, sentence: championLeftPhrase(signals.championLeft) });
  } else if (expectsContacts || people.some((person) => person.roles.includes('champion'))) {
    const gone = people.find((person) => person.roles.includes('champion'));
    parts.push({ share: settings.champion_share, earned: 0, sentence: gone ? phrase('relationship.champion_gone', { name: label(gone) }) : phrase('relationship.no_champion') });
  }
  if (cadence !== null && signals.cadenceCovered && deciders.length > 0) {
    const since = lastDeciderTouch === null ? null : daysBetween(lastDeciderTouch, inputs.asOf);
    parts.push(
      since !== null && since <= cadence
        ? { share: settings.cadence_share, earned: 1, sentence: phrase('relationship.decider_met', { days: since, last: lastDeciderTouch! }) }
        : {
            share: settings.cadence_share,
            earned: 0,
            sentence: since === null ? phrase('relationship.no_decider_touch', { cadence, tier }) : phrase('relationship.decider_overdue', { days: since, last: lastDeciderTouch!, cadence, tier }),
          },
    );
  }
  const available = parts.reduce((sum, part) => sum + part.share, 0);
  if (parts.length === 0 || available <= 0) return missing('relationship', settings.weight, facts, phrase('relationship.tech_touch'));
  const share = parts.reduce((sum, part) => sum + part.share * part.earned, 0) / available;
  // The champion_left sentence leads: it is also the at-risk signal (health.ts), word for word.
  const reasons = parts.filter((part) => part.earned < 1).map((part) => part.sentence);
  return result('relationship', settings.weight, share, facts, phrase('list', { items: parts.map((part) => part.sentence) }), reasons);
}


function label(person: Person): string {
  return person.title ? `${person.name} (${person.title})` : person.name;
}

function latest(days: ReadonlyArray<string | null>): string | null {
  let last: string | null = null;
  for (const day of days) if (day !== null && (last === null || day > last)) last = day;
  return last;
}
