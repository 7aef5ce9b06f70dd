import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { testCluster } from './k8s-cluster.js';
import { kubectl } from './k8s-harness.js';

/** The bridge of ../shared/k8s-local that pods without hostNetwork sit on (10.244.77.0/24, no route out). */
export const POD_BRIDGE = 'k8slocal0';
/** The host's address on the bridge: host-local IPAM keeps .1 as its gateway, so no pod ever gets it. */
export const BRIDGE_HOST_IP = '10.244.77.1';
/**
 * The address is added with the bridge's own /24 so the kernel routes replies to pods back through
 * the bridge. With a bare /32 the machine has no route to 10.244.77.0/24 and would send its answers
 * to its default route (off the machine); the /24 keeps every packet on the bridge.
 */
const BRIDGE_HOST_CIDR = `${BRIDGE_HOST_IP}/24`;

/** A TCP proxy on the pod bridge to a service on 127.0.0.1, reachable from pods and from this machine. */
export interface PodNetworkProxy {
  /** `http://10.244.77.1:PORT` */
  readonly endpoint: string;
  /** Stop the proxy, and remove the bridge address when this helper added it. */
  close(): Promise<void>;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function bridgeExists(): boolean {
  try {
    ip('link', 'show', POD_BRIDGE);
    return true;
  } catch {
    return false;
  }
}

function hasHostAddress(): boolean {
  return ip('-4', '-o', 'addr', 'show', 'dev', POD_BRIDGE).includes(` ${BRIDGE_HOST_IP}/`);
}

/**
 * The CNI plugin makes the bridge with the first pod that is not on the host's network: run one
 * such pod (`localhost/pause:local`) in `namespace` until it is Running, then delete it.
 */
function ensureBridge(namespace: string): void {
  if (bridgeExists()) return;
  const pod = 'skiff-bridge-probe';
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace },
    spec: {
      hostNetwork: false,
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'pause', image: 'localhost/pause:local', imagePullPolicy: 'Never' }],
    },
  };
  execFileSync('kubectl', ['apply', '-f', '-'], {
    input: JSON.stringify(manifest),
    env: { ...process.env, KUBECONFIG: testCluster().kubeconfig },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  try {
    kubectl('wait', '-n', namespace, '--for=condition=Ready', `pod/${pod}`, '--timeout=60s');
  } finally {
    kubectl('delete', 'pod', '-n', namespace, pod, '--wait=false');
  }
  if (!bridgeExists()) throw new Error(`a pod ran but the bridge ${POD_BRIDGE} does not exist`);
}

/**
 * Make `127.0.0.1:targetPort` reachable from pods that are not on the host's network, without any
 * route off the machine: the host takes 10.244.77.1 on the bridge (unless it has it already) and a
 * node:net proxy on 10.244.77.1:<free port> forwards each connection to the target. ip_forward and
 * iptables are left alone. Needs root (`ip addr add`).
 */
export async function startPodNetworkProxy(namespace: string, targetPort: number): Promise<PodNetworkProxy> {
  ensureBridge(namespace);
  const added = !hasHostAddress();
  if (added) ip('addr', 'add', BRIDGE_HOST_CIDR, 'dev', POD_BRIDGE);
  const removeAddress = () => {
    // The bridge (and the address with it) may be gone already: stop.sh of the cluster removes it.
    if (added && bridgeExists() && hasHostAddress()) ip('addr', 'del', BRIDGE_HOST_CIDR, 'dev', POD_BRIDGE);
  };
  // Every answer to a pod must leave through the bridge, never through the default route.
  const route = ip('-4', 'route', 'get', '10.244.77.2');
  if (!route.includes(`dev ${POD_BRIDGE}`)) {
    removeAddress();
    throw new Error(`pods' replies would not stay on ${POD_BRIDGE}: ip route get 10.244.77.2 says ${route}`);
  }
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, BRIDGE_HOST_IP, () => resolve());
    });
  } catch (error) {
    removeAddress();
    throw error;
  }
  const { port } = server.address() as net.AddressInfo;
  // The bridge can vanish while pods run (something else on the machine removed it, and the CNI plugin
  // made a new one for the next pod): put the address back on the new bridge. The listening socket
  // stays bound to the address and accepts again once it is back.
  const watchdog = setInterval(() => {
    if (!added || !bridgeExists() || hasHostAddress()) return;
    try {
      ip('addr', 'add', BRIDGE_HOST_CIDR, 'dev', POD_BRIDGE);
    } catch {
      // raced with another add: the next tick checks again
    }
  }, 1000);
  watchdog.unref();
  return {
    endpoint: `http://${BRIDGE_HOST_IP}:${port}`,
    async close() {
      clearInterval(watchdog);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      removeAddress();
    },
  };
}
