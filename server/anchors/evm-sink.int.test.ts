// The EVM sink against ganache's in-process node on 127.0.0.1: the transaction carries the
// statement, the receipt verifies; another statement, another block, another chain or a missing
// transaction fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorOnEvm, verifyEvmReceipt } from "./evm-sink";
import { checkpointStatement } from "./statement";
import { startLocalChain, TEST_PRIVATE_KEY, type LocalChain } from "./test-evm";

let chain: LocalChain;
beforeAll(async () => {
  chain = await startLocalChain();
}, 60_000); // ganache starts an in-process chain: a few seconds, more on a busy machine
afterAll(() => chain?.stop());

const statement = checkpointStatement({ communityId: "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10", treeSize: 7n, root: "c0".repeat(32) });

describe("EVM chain sink", () => {
  it("sends a 0-value transaction to itself whose data is the statement, and verifies it", async () => {
    const config = { rpcUrl: chain.rpcUrl, chainId: chain.chainId, privateKey: TEST_PRIVATE_KEY, pollingMs: 50 };
    const receipt = await anchorOnEvm(config, statement);
    expect(receipt).toMatchObject({ sink: "evm", chainId: chain.chainId, blockNumber: "1" });
    expect(receipt.to).toBe(receipt.from);
    const verify = { rpcUrl: chain.rpcUrl, chainId: chain.chainId };
    expect(await verifyEvmReceipt(statement, receipt, verify)).toMatchObject({ ok: true });

    const other = statement.replace(" 7 ", " 8 ");
    expect(await verifyEvmReceipt(other, receipt, verify)).toEqual({ ok: false, problem: "the transaction's data is not the statement" });
    expect(await verifyEvmReceipt(statement, { ...receipt, blockHash: "00".repeat(32) }, verify)).toMatchObject({ ok: false, problem: expect.stringMatching(/not the receipt's/) });
    expect(await verifyEvmReceipt(statement, { ...receipt, txHash: "11".repeat(32) }, verify)).toMatchObject({ ok: false, problem: expect.stringMatching(/is not on chain/) });
    expect(await verifyEvmReceipt(statement, { ...receipt, chainId: 100 }, verify)).toMatchObject({ ok: null });
  });

  it("refuses an endpoint that serves another chain than configured", async () => {
    await expect(anchorOnEvm({ rpcUrl: chain.rpcUrl, chainId: 246, privateKey: TEST_PRIVATE_KEY }, statement)).rejects.toThrow(`serves chain ${chain.chainId}, not the configured chain 246`);
  });
});
