package dev.sponge.cassandranode;

import dev.sponge.forkedjvm.Ports;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local cluster of real Cassandra 5.0 nodes, one JVM each, on 127.0.0.1, 127.0.0.2, ...
 * (Linux routes the whole of 127.0.0.0/8 to the loopback interface), all on the same
 * native and storage ports like a real cluster. For fault tests: {@link #kill(int)} a
 * node with SIGKILL and {@link #restart(int)} it on its own data directory.
 *
 * <p>
 * The first node is the seed. Nodes join one at a time, because Cassandra refuses
 * concurrent joins; a fresh cluster holds no data, so nodes skip bootstrap streaming.
 */
public final class CassandraCluster implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(CassandraCluster.class.getName());

	private final List<CassandraNode> nodes;

	private CassandraCluster(List<CassandraNode> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * @return a builder for a cluster that is not started yet
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts every node that is not running, in order, each once the previous one serves
	 * CQL.
	 * @return this
	 */
	public synchronized CassandraCluster start() {
		long started = System.nanoTime();
		for (CassandraNode node : nodes) {
			node.start();
		}
		LOG.log(Level.INFO, "Cassandra cluster of {0} nodes on native port {1} started in {2} ms",
				String.valueOf(nodes.size()), String.valueOf(nativePort()),
				String.valueOf((System.nanoTime() - started) / 1_000_000));
		return this;
	}

	/**
	 * @param index node number, 0 for the seed on 127.0.0.1
	 * @return the node
	 */
	public CassandraNode node(int index) {
		return nodes.get(index);
	}

	/**
	 * @return the nodes, seed first
	 */
	public List<CassandraNode> nodes() {
		return nodes;
	}

	/**
	 * @return number of nodes
	 */
	public int size() {
		return nodes.size();
	}

	/**
	 * Kills node {@code index} with SIGKILL, as a crash would.
	 * @param index node number
	 */
	public void kill(int index) {
		nodes.get(index).kill();
	}

	/**
	 * Starts node {@code index} again on its ports and data directory (commit log replay)
	 * and waits until it serves CQL.
	 * @param index node number
	 */
	public void restart(int index) {
		nodes.get(index).start();
	}

	/** Stops every node gracefully; the cluster can be started again. */
	public synchronized void stop() {
		for (int i = nodes.size() - 1; i >= 0; i--) {
			nodes.get(i).stop();
		}
	}

	/**
	 * @return every node's host and native port, for a driver's contact points
	 */
	public List<InetSocketAddress> contactPoints() {
		return nodes.stream().map(CassandraNode::contactPoint).toList();
	}

	/**
	 * @return contact points as {@code host:port,host:port,...}, Spring Boot's
	 * {@code spring.cassandra.contact-points} format
	 */
	public String contactPointList() {
		return String.join(",", nodes.stream().map((n) -> n.host() + ":" + n.nativePort()).toList());
	}

	/**
	 * @return the CQL port every node listens on
	 */
	public int nativePort() {
		return nodes.get(0).nativePort();
	}

	/**
	 * @return the data center of every node
	 */
	public String localDatacenter() {
		return CassandraNode.LOCAL_DATACENTER;
	}

	/** Stops every node and deletes their data directories. Idempotent. */
	@Override
	public synchronized void close() {
		for (int i = nodes.size() - 1; i >= 0; i--) {
			nodes.get(i).close();
		}
	}

	@Override
	public String toString() {
		return "CassandraCluster" + nodes;
	}

	/** Settings of a {@link CassandraCluster}; defaults suit a small test machine. */
	public static final class Builder {

		private int size = 3;

		private String heap = "512m";

		private int concurrency = 8;

		private String clusterName = "sponge-cluster";

		private Duration startupTimeout = Duration.ofMinutes(3);

		private Builder() {
		}

		/**
		 * @param nodes number of nodes, 1 to 254, default 3
		 * @return this builder
		 */
		public Builder size(int nodes) {
			if (nodes < 1 || nodes > 254) {
				throw new IllegalArgumentException("A local cluster has 1 to 254 nodes, not " + nodes);
			}
			this.size = nodes;
			return this;
		}

		/**
		 * @param perNode JVM heap of each node, default {@code 512m}
		 * @return this builder
		 */
		public Builder heap(String perNode) {
			this.heap = perNode;
			return this;
		}

		/**
		 * @param threads read and write stage size of each node, default 8
		 * @return this builder
		 */
		public Builder concurrency(int threads) {
			this.concurrency = threads;
			return this;
		}

		/**
		 * @param name cluster name, default {@code sponge-cluster}
		 * @return this builder
		 */
		public Builder clusterName(String name) {
			this.clusterName = name;
			return this;
		}

		/**
		 * @param timeout how long each node's start waits for CQL, default 3 minutes
		 * @return this builder
		 */
		public Builder startupTimeout(Duration timeout) {
			this.startupTimeout = timeout;
			return this;
		}

		/**
		 * Chooses one native and one storage port free on every node's address, and a
		 * temporary data directory per node.
		 * @return a cluster that is not started yet
		 */
		public CassandraCluster build() {
			List<String> hosts = new ArrayList<>();
			for (int i = 1; i <= size; i++) {
				hosts.add("127.0.0." + i);
			}
			int nativePort = portFreeOn(hosts);
			int storagePort = portFreeOn(hosts);
			String seed = hosts.get(0) + ":" + storagePort;
			List<CassandraNode> nodes = new ArrayList<>();
			for (String host : hosts) {
				nodes.add(CassandraNode.builder()
					.listenAddress(host)
					.nativePort(nativePort)
					.storagePort(storagePort)
					.seeds(seed)
					.heap(heap)
					.concurrency(concurrency)
					.clusterName(clusterName)
					.startupTimeout(startupTimeout)
					.build());
			}
			return new CassandraCluster(nodes);
		}

		private static int portFreeOn(List<String> hosts) {
			for (int attempt = 0; attempt < 20; attempt++) {
				int port = Ports.freePort();
				if (hosts.stream().allMatch((host) -> canBind(host, port))) {
					return port;
				}
			}
			throw new IllegalStateException("No TCP port free on every one of " + hosts);
		}

		private static boolean canBind(String host, int port) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

	}

}
