import { IResolvable, Lazy } from 'cdktf';
import { disableTokenStackTraces } from '../../app/token-stack-traces';

const creationStack = (token: IResolvable) => token.creationStack;

describe('disableTokenStackTraces', () => {
  it('leaves cdktf capturing stack traces when DEVOPS_TOKEN_STACK_TRACES=1 asks for them', () => {
    expect(disableTokenStackTraces({ DEVOPS_TOKEN_STACK_TRACES: '1' })).toBe(false);
    expect(creationStack(Lazy.anyValue({ produce: () => 1 })).length).toBeGreaterThan(0);
  });

  it('stops cdktf from capturing a stack trace for every token it creates', () => {
    expect(disableTokenStackTraces({})).toBe(true);
    expect(creationStack(Lazy.anyValue({ produce: () => 1 }))).toEqual([]);
  });
});
