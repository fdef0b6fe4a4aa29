package dev.sponge.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import dev.sponge.security.Role;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.security.Role.ADMIN;
import static dev.sponge.security.Role.READER;
import static dev.sponge.security.Role.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API route the handlers map, with every method, called by every kind of caller: no
 * token is 401; a token without a tenant, or without the role the table below names, is
 * 403; the role is enough to get past security (any other answer, e.g. 400 for a missing
 * parameter or 405, is the handler's). The table is written out here, not read from the
 * service's rules, so a rule that lets too much (or too little) through fails, and a new
 * route or method fails until its row says what it needs.
 */
@IntegrationTest
class RouteAccessIntegrationTest {

	private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

	/** A path under /api/ that no handler maps: still a tenant and a role to learn so. */
	private static final String UNMAPPED = "/api/v1/no-such-route";

	/**
	 * The role each method of each route needs, in the order of {@link #METHODS}, and the
	 * methods its handlers map. HEAD and OPTIONS answer from the GET handler, so they
	 * need what GET needs; a method no handler maps needs READER to learn it is not
	 * there.
	 */
	private static final List<Route> ROUTES = List.of(
	// @formatter:off
		//        pattern               mapped        GET     HEAD    OPTIONS POST    PUT     DELETE  PATCH
		new Route("/api/v1/points",    "GET POST",   READER, READER, READER, WRITER, READER, READER, READER),
		new Route("/api/v1/latest",    "GET",        READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/v1/series",    "GET DELETE", READER, READER, READER, READER, READER, ADMIN,  READER),
		new Route("/api/v1/metrics",   "GET",        READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/v1/tags",      "GET",        READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/v1/tags/{key}/values", "GET", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/v1/retention", "GET PUT",    ADMIN,  ADMIN,  ADMIN,  READER, ADMIN,  READER, READER),
		new Route("/api/v1/limits",    "GET PUT",    ADMIN,  ADMIN,  ADMIN,  READER, ADMIN,  READER, READER),
		new Route("/api/v1/stream",    "GET",        READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/v1/write",     "POST",       READER, READER, READER, WRITER, READER, READER, READER),
		new Route("/api/otlp/v1/metrics", "POST",    READER, READER, READER, WRITER, READER, READER, READER),
		new Route("/api/prom/api/v1/query",       "GET POST", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/query_range", "GET POST", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/series",      "GET POST", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/labels",      "GET POST", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/label/{name}/values", "GET", READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/metadata",    "GET",      READER, READER, READER, READER, READER, READER, READER),
		new Route("/api/prom/api/v1/status/buildinfo", "GET", READER, READER, READER, READER, READER, READER, READER),
		new Route(UNMAPPED,            "",           READER, READER, READER, READER, READER, READER, READER));
	// @formatter:on

	private final WebTestClient client;

	private final Map<String, Set<HttpMethod>> mapped;

	private final List<Caller> callers;

	RouteAccessIntegrationTest(@Autowired WebTestClient client, @Autowired ApplicationContext context) {
		this.client = client;
		this.mapped = mappedApiRoutes(context);
		String tenant = Tokens.uniqueTenant();
		this.callers = List.of(new Caller("no token", null, null),
				new Caller("no tenant", Tokens.withoutTenant(), null),
				new Caller("READER", Tokens.withGroups(tenant, "sponge-reader"), READER),
				new Caller("WRITER", Tokens.withGroups(tenant, "sponge-writer"), WRITER),
				new Caller("ADMIN", Tokens.withGroups(tenant, "sponge-admin"), ADMIN));
	}

	@Test
	void theTableNamesExactlyTheRoutesAndMethodsTheHandlersMap() {
		Map<String, Set<HttpMethod>> expected = new TreeMap<>();
		ROUTES.stream()
			.filter((route) -> !route.pattern().equals(UNMAPPED))
			.forEach((route) -> expected.put(route.pattern(), route.mapped()));
		assertThat(this.mapped).as("API routes and methods the handlers map").isEqualTo(expected);
	}

	@TestFactory
	Stream<DynamicTest> everyRouteAndMethodAnswersEachCallerAsTheTableSays() {
		Set<String> patterns = new TreeSet<>(this.mapped.keySet());
		patterns.add(UNMAPPED);
		List<DynamicTest> tests = new ArrayList<>();
		for (String pattern : patterns) {
			Route route = ROUTES.stream().filter((r) -> r.pattern().equals(pattern)).findFirst().orElse(null);
			for (HttpMethod method : METHODS) {
				for (Caller caller : this.callers) {
					tests.add(DynamicTest.dynamicTest(method + " " + pattern + " as " + caller.name(), () -> {
						assertThat(route).as("a row for %s in ROUTES", pattern).isNotNull();
						assertAnswer(method, pattern, caller, route.required().get(method));
					}));
				}
			}
		}
		return tests.stream();
	}

	private void assertAnswer(HttpMethod method, String pattern, Caller caller, Role required) {
		int status = this.client.method(method)
			.uri(withSampleValues(pattern))
			.headers(Api.bearer(caller.token()))
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value();
		String call = method + " " + pattern + " as " + caller.name() + " (needs " + required + ")";
		if (caller.token() == null) {
			assertThat(status).as(call).isEqualTo(401);
		}
		else if (caller.role() == null || !caller.has(required)) {
			assertThat(status).as(call).isEqualTo(403);
		}
		else {
			assertThat(status).as(call).isNotIn(401, 403);
		}
	}

	/**
	 * Each pattern under /api/ with the methods its handlers map (all, if unrestricted).
	 */
	private static Map<String, Set<HttpMethod>> mappedApiRoutes(ApplicationContext context) {
		Map<String, Set<HttpMethod>> routes = new TreeMap<>();
		for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
				List<HttpMethod> methods = declared.isEmpty() ? METHODS
						: declared.stream().map(RequestMethod::asHttpMethod).toList();
				info.getPatternsCondition()
					.getPatterns()
					.stream()
					.map(PathPattern::getPatternString)
					.filter((pattern) -> pattern.startsWith("/api/"))
					.forEach((pattern) -> routes.computeIfAbsent(pattern, (p) -> new TreeSet<>()).addAll(methods));
			}
		}
		return routes;
	}

	/** A request path for {@code pattern}: each path variable gets a sample value. */
	private static String withSampleValues(String pattern) {
		return pattern.replaceAll("\\{\\*?[^}]+}", "sample");
	}

	private record Route(String pattern, Set<HttpMethod> mapped, Map<HttpMethod, Role> required) {

		Route(String pattern, String mapped, Role... required) {
			this(pattern, methods(mapped), byMethod(required));
		}

		private static Set<HttpMethod> methods(String names) {
			Set<HttpMethod> methods = new TreeSet<>();
			for (String name : names.split(" ")) {
				if (!name.isEmpty()) {
					methods.add(HttpMethod.valueOf(name));
				}
			}
			return methods;
		}

		private static Map<HttpMethod, Role> byMethod(Role... required) {
			assertThat(required).as("one role per method of METHODS").hasSameSizeAs(METHODS);
			Map<HttpMethod, Role> byMethod = new LinkedHashMap<>();
			for (int i = 0; i < required.length; i++) {
				byMethod.put(METHODS.get(i), required[i]);
			}
			return byMethod;
		}

	}

	/**
	 * One kind of caller: {@code token} is null for none; {@code role} is null for a
	 * token without a tenant (which has every role, and still must be refused).
	 */
	private record Caller(String name, String token, Role role) {

		/** ADMIN implies every other role. */
		boolean has(Role required) {
			return this.role == ADMIN || this.role == required;
		}

	}

}
