import type { Account } from '../state/cloud/model.ts';
import { badRequest } from './errors.ts';

/** A compiled user CQL query: whether an account matches. */
type UserPredicate = (account: Account) => boolean;

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string };

const FIELDS = new Set(['type', 'user', 'user.accountid', 'user.fullname', 'user.userkey']);

/**
 * Compiles the user CQL that `GET /wiki/rest/api/search/user` accepts: the fields `type`, `user`,
 * `user.accountid`, `user.fullname` and `user.userkey` with `=`, `!=`, `~`, `!~`, `IN`, `NOT IN`,
 * joined by `AND`, `OR`, `NOT` and parentheses. Anything else is a 400, as Cloud answers
 * for CQL it cannot parse.
 */
export function compileUserCql(cql: string): UserPredicate {
  const tokens = tokenize(cql);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const keyword = (word: string): boolean => {
    const token = peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      at++;
      return true;
    }
    return false;
  };
  const expect = (text: string): void => {
    if (peek()?.text !== text) throw invalid(cql);
    at++;
  };
  const value = (): string => {
    const token = tokens[at++];
    if (token === undefined || (token.kind !== 'word' && token.kind !== 'string')) throw invalid(cql);
    return token.text;
  };
  const values = (): string[] => {
    expect('(');
    const list = [value()];
    while (peek()?.text === ',') {
      at++;
      list.push(value());
    }
    expect(')');
    return list;
  };
  const clause = (): UserPredicate => {
    const field = tokens[at++];
    if (field?.kind !== 'word' || !FIELDS.has(field.text.toLowerCase())) throw invalid(cql);
    const name = field.text.toLowerCase();
    if (keyword('NOT')) {
      if (!keyword('IN')) throw invalid(cql);
      return negate(matchAny(name, values(), cql));
    }
    if (keyword('IN')) return matchAny(name, values(), cql);
    const op = tokens[at++];
    if (op?.kind !== 'op') throw invalid(cql);
    const test = matchOne(name, op.text.replace('!', ''), value(), cql);
    return op.text.startsWith('!') ? negate(test) : test;
  };
  const factor = (): UserPredicate => {
    if (keyword('NOT')) return negate(factor());
    if (peek()?.text === '(') {
      at++;
      const inner = expression();
      expect(')');
      return inner;
    }
    return clause();
  };
  const term = (): UserPredicate => {
    const parts = [factor()];
    while (keyword('AND')) parts.push(factor());
    return (account) => parts.every((part) => part(account));
  };
  const expression = (): UserPredicate => {
    const parts = [term()];
    while (keyword('OR')) parts.push(term());
    return (account) => parts.some((part) => part(account));
  };
  if (tokens.length === 0) throw invalid(cql);
  const predicate = expression();
  if (at !== tokens.length) throw invalid(cql);
  return predicate;
}

function matchAny(field: string, list: string[], cql: string): UserPredicate {
  const tests = list.map((item) => matchOne(field, '=', item, cql));
  return (account) => tests.some((test) => test(account));
}

function matchOne(field: string, op: string, value: string, cql: string): UserPredicate {
  if (field === 'type') {
    if (op !== '=') throw invalid(cql);
    const isUser = value.toLowerCase() === 'user';
    return () => isUser;
  }
  if (field === 'user.fullname') {
    const needle = value.toLowerCase();
    return op === '~'
      ? (account) => account.displayName.toLowerCase().includes(needle)
      : (account) => account.displayName.toLowerCase() === needle;
  }
  if (op !== '=') throw invalid(cql);
  if (field === 'user.userkey') return () => false;
  return (account) => account.accountId === value;
}

function negate(test: UserPredicate): UserPredicate {
  return (account) => !test(account);
}

function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|!~|=|~)|([(),])|([^\s()=~!,"']+))/y;
  let index = 0;
  while (index < cql.length) {
    if (/^\s*$/.test(cql.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(cql);
    if (match === null) throw invalid(cql);
    index = pattern.lastIndex;
    const [, quoted, op, punct, word] = match;
    if (quoted !== undefined)
      tokens.push({ kind: 'string', text: quoted.slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
  }
  return tokens;
}

function invalid(cql: string): Error {
  return badRequest(`Could not parse cql : ${cql}`);
}
