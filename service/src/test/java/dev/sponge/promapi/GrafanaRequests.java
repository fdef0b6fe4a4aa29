package dev.sponge.promapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import dev.sponge.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to Sponge's Prometheus API at {@code /api/prom} as Grafana's Prometheus data
 * source sends them (its bearer token, its User-Agent; queries form-encoded in a POST
 * body or in a GET's query string), and the parts of their answers Grafana reads.
 */
final class GrafanaRequests {

	private static final String URL = "/api/prom";

	private static final String USER_AGENT = "Grafana/11.3.0";

	private final WebTestClient client;

	private final String token;

	GrafanaRequests(WebTestClient client, String token) {
		this.client = client;
		this.token = token;
	}

	/** A form POST as Grafana's backend sends it: 200, its answer. */
	@SuppressWarnings("unchecked")
	Map<String, Object> postForm(String path, MultiValueMap<String, String> form) {
		return postFormExchange(path, form).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/** A GET with its parameters in the query string: 200, its answer. */
	@SuppressWarnings("unchecked")
	Map<String, Object> get(String path, String... params) {
		return getExchange(path, params).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	/** The status a form POST is answered with. */
	int postFormStatus(String path, MultiValueMap<String, String> form) {
		return postFormExchange(path, form).expectBody().returnResult().getStatus().value();
	}

	/** The status a GET is answered with. */
	int getStatus(String path, String... params) {
		return getExchange(path, params).expectBody().returnResult().getStatus().value();
	}

	private WebTestClient.ResponseSpec postFormExchange(String path, MultiValueMap<String, String> form) {
		return this.client.post()
			.uri(URL + path)
			.headers(this::grafana)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private WebTestClient.ResponseSpec getExchange(String path, String... params) {
		return this.client.get().uri((uri) -> {
			uri.path(URL + path);
			Object[] values = new Object[params.length / 2];
			for (int i = 0; i < params.length; i += 2) {
				uri.queryParam(params[i], "{v" + i / 2 + "}");
				values[i / 2] = params[i + 1];
			}
			return uri.build(values);
		}).headers(this::grafana).exchange();
	}

	private void grafana(HttpHeaders headers) {
		Api.bearer(this.token).accept(headers);
		headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
	}

	/** Form parameters from names and values in turn. */
	static MultiValueMap<String, String> form(String... namesAndValues) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return form;
	}

	/** The {@code data} of a successful answer. */
	static Object data(Map<String, Object> answer) {
		assertThat(answer).containsEntry("status", "success");
		return answer.get("data");
	}

	/** The {@code data} object of a successful answer. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> object(Map<String, Object> answer) {
		return (Map<String, Object>) data(answer);
	}

	/** The {@code result} of a query's {@code data}. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> result(Map<String, Object> data) {
		return (List<Map<String, Object>>) data.get("result");
	}

	/** An instant vector's values by the value of one label. */
	@SuppressWarnings("unchecked")
	static Map<String, Double> valuesByLabel(Map<String, Object> data, String label) {
		Map<String, Double> values = new TreeMap<>();
		for (Map<String, Object> one : result(data)) {
			values.put(((Map<String, String>) one.get("metric")).get(label),
					Double.parseDouble((String) ((List<Object>) one.get("value")).get(1)));
		}
		return values;
	}

}
