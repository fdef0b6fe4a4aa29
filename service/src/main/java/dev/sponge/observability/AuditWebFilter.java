package dev.sponge.observability;

import java.net.InetSocketAddress;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

import dev.sponge.logging.RequestId;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;
import dev.sponge.tenancy.TenantClaim;

/**
 * First filter of every request: assigns the request id (echoed in {@code X-Request-Id}
 * and put in the Reactor context for the logs), and, for API requests, writes one audit
 * line on the {@value #AUDIT_LOGGER} logger when the request ends: time, subject, tenant,
 * roles, method, route, status, points, duration, client address and request id. Never a
 * token or a value.
 */
class AuditWebFilter implements WebFilter, Ordered {

	static final String AUDIT_LOGGER = "sponge.audit";

	private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);

	private final TenantClaim tenantClaim;

	private final Clock clock;

	AuditWebFilter(TenantClaim tenantClaim, Clock clock) {
		this.tenantClaim = tenantClaim;
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		// Before Spring Security (-100), so refused requests are audited too.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = RequestId.from(exchange.getRequest().getHeaders().getFirst(RequestId.HEADER));
		exchange.getResponse().getHeaders().set(RequestId.HEADER, requestId);
		if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
			return chain.filter(exchange).contextWrite(Context.of(RequestId.KEY, requestId));
		}
		AuditRecord record = new AuditRecord();
		exchange.getAttributes().put(AuditRecord.ATTRIBUTE, record);
		long started = System.nanoTime();
		return chain.filter(exchange)
			.doFinally((signal) -> write(exchange, record, requestId, started, signal))
			.contextWrite(Context.of(RequestId.KEY, requestId));
	}

	private void write(ServerWebExchange exchange, AuditRecord record, String requestId, long started,
			SignalType signal) {
		long micros = (System.nanoTime() - started) / 1_000;
		Authentication authentication = record.authentication();
		Tenant tenant = (authentication != null) ? this.tenantClaim.tenantOf(authentication) : null;
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		PathPattern route = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		InetSocketAddress client = exchange.getRequest().getRemoteAddress();
		String method = exchange.getRequest().getMethod().name();
		String routeText = (route != null) ? route.getPatternString() : exchange.getRequest().getPath().value();
		// A request cancelled because its client went away gets nginx's 499, not the 200
		// a
		// response that was never sent would otherwise show.
		int statusCode = (signal == SignalType.CANCEL) ? ApiProblem.CLIENT_CLOSED_REQUEST
				: (status != null) ? status.value() : 0;
		// The request id is a key-value pair of the line, not also an MDC entry: the JSON
		// (ECS) format refuses a line carrying the same field twice.
		audit.atInfo()
			.addKeyValue("time", this.clock.instant())
			.addKeyValue("subject", (authentication != null) ? authentication.getName() : "-")
			.addKeyValue("tenant", (tenant != null) ? tenant.id() : "-")
			.addKeyValue("roles", record.roles())
			.addKeyValue("method", method)
			.addKeyValue("route", routeText)
			.addKeyValue("status", statusCode)
			.addKeyValue("points", record.points())
			.addKeyValue("durationMicros", micros)
			.addKeyValue("client",
					(client != null && client.getAddress() != null) ? client.getAddress().getHostAddress() : "-")
			.addKeyValue(RequestId.KEY, requestId)
			.log("{} {} {} {}us", method, routeText, statusCode, micros);
	}

}
