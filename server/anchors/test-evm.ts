// Test stand-in for an EVM chain: ganache's in-process node (npm package, no download), served over
// HTTP on 127.0.0.1 so that the sink is exercised through its real RPC transport. Tests only.
import type { AddressInfo } from "node:net";
import ganache from "ganache";

export const TEST_CHAIN_ID = 31_337;
/** A funded test account (a fixed, public test key: never use it elsewhere). */
export const TEST_PRIVATE_KEY = `0x${"4c".repeat(32)}`;

export interface LocalChain {
  rpcUrl: string;
  chainId: number;
  stop(): Promise<void>;
}

export async function startLocalChain(): Promise<LocalChain> {
  const server = ganache.server({
    logging: { quiet: true },
    chain: { chainId: TEST_CHAIN_ID },
    miner: { blockTime: 0 },
    wallet: { accounts: [{ secretKey: TEST_PRIVATE_KEY, balance: `0x${(10n ** 20n).toString(16)}` }] },
  });
  await server.listen(0, "127.0.0.1");
  const port = (server.address() as AddressInfo).port;
  return { rpcUrl: `http://127.0.0.1:${port}`, chainId: TEST_CHAIN_ID, stop: () => server.close() };
}
