package dev.sponge.edge;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Test-only filter: for each request that carries a {@value #PROBE} header, records the
 * client address, scheme and host the service sees once the forwarding headers are
 * applied, so that the edge tests can assert on them. Registered only in the edge tests'
 * application context.
 */
final class ClientAddressRecorder implements WebFilter, Ordered {

	static final String PROBE = "X-Sponge-Test-Probe";

	private final Map<String, Seen> seen = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String probe = request.getHeaders().getFirst(PROBE);
		if (probe != null) {
			InetSocketAddress client = request.getRemoteAddress();
			String address = (client.getAddress() != null) ? client.getAddress().getHostAddress()
					: client.getHostString();
			this.seen.put(probe, new Seen(address, request.getURI().getScheme(), request.getURI().getHost()));
		}
		return chain.filter(exchange);
	}

	/** First of all filters, so that requests security refuses are recorded too. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	Optional<Seen> seen(String probe) {
		return Optional.ofNullable(this.seen.get(probe));
	}

	/** What the service saw of one request. */
	record Seen(String address, String scheme, String host) {
	}

}
