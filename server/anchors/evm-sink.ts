// EVM chain sink (node): a transaction whose input data is the statement's bytes (about 120 bytes,
// readable in any block explorer), sent with viem to a configured address (default: the sender
// itself, value 0) on a configured chain. The receipt is the chain id, transaction and block.
// Verification fetches the transaction, compares its input with the statement, checks that it was
// mined successfully on that chain and that the block at that height is still the same block.
import { createPublicClient, createWalletClient, defineChain, http, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { statementBytes } from "./statement";
import type { EvmReceipt, ReceiptCheck } from "./receipts";

export interface EvmConfig {
  rpcUrl: string;
  chainId: number;
  /** 0x + 64 hex digits; needed to anchor, not to verify. */
  privateKey?: string;
  /** Recipient of the 0-value transaction; the sender's own address by default. */
  to?: string;
  /** How long to wait for the transaction to be mined. */
  timeoutMs?: number;
  /** Polling interval while waiting (tests shorten it). */
  pollingMs?: number;
}

function clients(config: EvmConfig) {
  const chain = defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: "native", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const transport = http(config.rpcUrl, { timeout: 30_000, retryCount: 0 });
  return { chain, transport, pub: createPublicClient({ chain, transport, pollingInterval: config.pollingMs ?? 4_000 }) };
}

export async function anchorOnEvm(config: EvmConfig, statement: string): Promise<EvmReceipt> {
  if (!config.privateKey) throw new Error("no private key configured for the EVM sink");
  const account = privateKeyToAccount(config.privateKey as Hex);
  const { chain, transport, pub } = clients(config);
  const remoteChainId = await pub.getChainId();
  if (remoteChainId !== config.chainId) throw new Error(`the RPC endpoint serves chain ${remoteChainId}, not the configured chain ${config.chainId}`);
  const wallet = createWalletClient({ account, chain, transport });
  const to = (config.to ?? account.address) as Hex;
  const txHash = await wallet.sendTransaction({ to, value: 0n, data: toHex(statementBytes(statement)) });
  const mined = await pub.waitForTransactionReceipt({ hash: txHash, timeout: config.timeoutMs ?? 300_000, pollingInterval: config.pollingMs });
  if (mined.status !== "success") throw new Error(`transaction ${txHash} was mined but reverted`);
  return {
    sink: "evm",
    chainId: config.chainId,
    txHash: txHash.slice(2).toLowerCase(),
    from: account.address,
    to,
    blockNumber: mined.blockNumber.toString(),
    blockHash: mined.blockHash.slice(2).toLowerCase(),
  };
}

export async function verifyEvmReceipt(statement: string, receipt: EvmReceipt, config: Pick<EvmConfig, "rpcUrl" | "chainId">): Promise<ReceiptCheck> {
  if (receipt.chainId !== config.chainId) return { ok: null, problem: `receipt is on chain ${receipt.chainId}; the configured RPC endpoint is for chain ${config.chainId}` };
  try {
    const { pub } = clients({ ...config });
    if ((await pub.getChainId()) !== receipt.chainId) return { ok: false, problem: `the RPC endpoint does not serve chain ${receipt.chainId}` };
    const hash = `0x${receipt.txHash}` as Hex;
    const tx = await pub.getTransaction({ hash }).catch(() => null);
    if (!tx) return { ok: false, problem: `transaction 0x${receipt.txHash} is not on chain ${receipt.chainId}` };
    if (tx.input.toLowerCase() !== toHex(statementBytes(statement)).toLowerCase()) return { ok: false, problem: "the transaction's data is not the statement" };
    if (tx.from.toLowerCase() !== receipt.from.toLowerCase()) return { ok: false, problem: "the transaction was sent by another address than the receipt says" };
    const mined = await pub.getTransactionReceipt({ hash }).catch(() => null);
    if (!mined) return { ok: false, problem: "the transaction is not mined" };
    if (mined.status !== "success") return { ok: false, problem: "the transaction reverted" };
    if (mined.blockNumber.toString() !== receipt.blockNumber || mined.blockHash.slice(2).toLowerCase() !== receipt.blockHash) {
      return { ok: false, problem: `the transaction is in block ${mined.blockNumber} ${mined.blockHash}, not the receipt's` };
    }
    const block = await pub.getBlock({ blockNumber: mined.blockNumber });
    if (block.hash?.slice(2).toLowerCase() !== receipt.blockHash) return { ok: false, problem: "the block at the receipt's height is no longer the receipt's block (reorganised)" };
    return { ok: true, detail: `transaction 0x${receipt.txHash.slice(0, 12)}… in block ${receipt.blockNumber} of chain ${receipt.chainId} carries the statement` };
  } catch (e) {
    return { ok: null, problem: `could not ask the chain: ${(e as Error).message.split("\n")[0]}` };
  }
}
