package dev.sponge.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Spring's {@link ForwardedHeaderTransformer}, applied only when the TCP peer is a
 * trusted proxy. Any other peer's forwarding headers are removed before anything reads
 * them, so a client that reaches the service directly cannot choose the address or scheme
 * the service sees.
 */
final class TrustedProxyForwardedHeaderTransformer extends ForwardedHeaderTransformer {

	private final List<AddressRange> trustedProxies;

	private final ForwardedHeaderTransformer remover = new ForwardedHeaderTransformer();

	TrustedProxyForwardedHeaderTransformer(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
		this.remover.setRemoveOnly(true);
	}

	@Override
	public ServerHttpRequest apply(ServerHttpRequest request) {
		return isFromTrustedProxy(request) ? super.apply(request) : this.remover.apply(request);
	}

	private boolean isFromTrustedProxy(ServerHttpRequest request) {
		InetSocketAddress peer = request.getRemoteAddress();
		InetAddress address = (peer != null) ? peer.getAddress() : null;
		return address != null && this.trustedProxies.stream().anyMatch((proxy) -> proxy.contains(address));
	}

}
