package dev.sponge.edge;

import java.net.InetAddress;

import io.netty.util.NetUtil;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1}). Only
 * literals are accepted: a host name would need a DNS lookup, and what it resolves to can
 * change.
 */
final class AddressRange {

	private final byte[] network;

	private final int prefixLength;

	private AddressRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	static AddressRange parse(String cidr) {
		String[] parts = cidr.trim().split("/", 2);
		byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0]);
		if (network == null) {
			throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
		}
		int prefixLength = network.length * 8;
		if (parts.length == 2) {
			try {
				prefixLength = Integer.parseInt(parts[1]);
			}
			catch (NumberFormatException ex) {
				prefixLength = -1;
			}
			if (prefixLength < 0 || prefixLength > network.length * 8) {
				throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
			}
		}
		return new AddressRange(network, prefixLength);
	}

	boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return remainingBits == 0 || (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

}
