package dev.sponge.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Validates rendered objects strictly, as the API server would: an unknown field (a
 * typo), a value of the wrong type, or a missing required field is an
 * {@link InvalidManifestException}.
 * <ul>
 * <li>Built-in kinds: the Kubernetes Java client's models, generated from the Kubernetes
 * 1.32 OpenAPI schema; their generated validators reject unknown and missing required
 * fields, and a strict Gson rejects scalars of the wrong type
 * ({@code replicas: "3"}).</li>
 * <li>ServiceMonitor, PodMonitor and PrometheusRule: fabric8's model of the Prometheus
 * operator's CRDs, read by a strict Jackson (unknown fields, no scalar coercion), plus
 * the CRDs' required fields.</li>
 * <li>K8ssandraCluster and MedusaBackupSchedule: the hand-written models
 * {@link K8ssandraCluster} and {@link MedusaBackupSchedule} of the fields Sponge uses,
 * equally strict (no Java model of those CRDs is published).</li>
 * </ul>
 * Any other kind is refused, so a new kind cannot slip through unchecked.
 */
final class KubernetesSchema {

	private static final Map<String, Class<?>> BUILT_IN = Map.of("v1/Namespace", V1Namespace.class, "v1/ServiceAccount",
			V1ServiceAccount.class, "v1/ConfigMap", V1ConfigMap.class, "v1/Secret", V1Secret.class, "v1/Service",
			V1Service.class, "apps/v1/Deployment", V1Deployment.class, "autoscaling/v2/HorizontalPodAutoscaler",
			V2HorizontalPodAutoscaler.class, "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
			"networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class);

	private static final Map<String, Class<?>> CUSTOM = Map.of("monitoring.coreos.com/v1/ServiceMonitor",
			ServiceMonitor.class, "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
			"monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class, "k8ssandra.io/v1alpha1/K8ssandraCluster",
			K8ssandraCluster.class, "medusa.k8ssandra.io/v1alpha1/MedusaBackupSchedule", MedusaBackupSchedule.class);

	private static final Gson GSON = JSON.getGson()
		.newBuilder()
		.registerTypeAdapter(String.class, new StrictScalar<>(JsonToken.STRING, JsonReader::nextString))
		.registerTypeAdapter(Integer.class, new StrictScalar<>(JsonToken.NUMBER, JsonReader::nextInt))
		.registerTypeAdapter(Long.class, new StrictScalar<>(JsonToken.NUMBER, JsonReader::nextLong))
		.registerTypeAdapter(Double.class, new StrictScalar<>(JsonToken.NUMBER, JsonReader::nextDouble))
		.registerTypeAdapter(Boolean.class, new StrictScalar<>(JsonToken.BOOLEAN, JsonReader::nextBoolean))
		.create();

	private static final ObjectMapper JACKSON = strictJackson();

	private KubernetesSchema() {
	}

	/**
	 * The object as its typed model, or an {@link InvalidManifestException} naming the
	 * problem.
	 */
	static Object validate(Map<String, Object> manifest) {
		String apiVersion = String.valueOf(manifest.get("apiVersion"));
		String kind = String.valueOf(manifest.get("kind"));
		String name = (manifest.get("metadata") instanceof Map<?, ?> metadata) ? String.valueOf(metadata.get("name"))
				: "null";
		String what = kind + " " + name;
		if (name.equals("null")) {
			throw new InvalidManifestException(what + ": metadata.name is required");
		}
		String json = GSON.toJson(manifest);
		Class<?> builtIn = BUILT_IN.get(apiVersion + "/" + kind);
		if (builtIn != null) {
			try {
				return GSON.fromJson(json, builtIn);
			}
			catch (JsonParseException | IllegalArgumentException | IllegalStateException ex) {
				throw new InvalidManifestException(what + ": " + ex.getMessage(), ex);
			}
		}
		Class<?> custom = CUSTOM.get(apiVersion + "/" + kind);
		if (custom != null) {
			Object object;
			try {
				object = JACKSON.readValue(json, custom);
			}
			catch (JsonProcessingException ex) {
				throw new InvalidManifestException(what + ": " + ex.getOriginalMessage(), ex);
			}
			List<String> problems = new ArrayList<>();
			rejectUnknownFields(object, "", problems);
			requiredFields(object, problems);
			if (!problems.isEmpty()) {
				throw new InvalidManifestException(what + ": " + String.join("; ", problems));
			}
			return object;
		}
		throw new InvalidManifestException(what + ": no schema for apiVersion " + apiVersion + ", kind " + kind
				+ "; add its model to " + KubernetesSchema.class.getSimpleName());
	}

	private static ObjectMapper strictJackson() {
		ObjectMapper mapper = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.build();
		for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
				CoercionInputShape.Boolean)) {
			mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
		}
		return mapper;
	}

	/**
	 * fabric8's models keep unknown fields in {@code additionalProperties} instead of
	 * failing, so walk the object and refuse any that holds one.
	 */
	private static void rejectUnknownFields(Object value, String path, List<String> problems) {
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				rejectUnknownFields(item, path + "[" + i++ + "]", problems);
			}
		}
		else if (value instanceof Map<?, ?> entries) {
			entries.forEach((key, item) -> rejectUnknownFields(item, path + "." + key, problems));
		}
		else if (value instanceof Record record) {
			for (RecordComponent component : record.getClass().getRecordComponents()) {
				rejectUnknownFields(invoke(component.getAccessor(), record), path + "." + component.getName(),
						problems);
			}
		}
		else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
			for (Method getter : value.getClass().getMethods()) {
				if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
						|| getter.getDeclaringClass() == Object.class) {
					continue;
				}
				Object property = invoke(getter, value);
				if (getter.getName().equals("getAdditionalProperties")) {
					if (property instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
						problems.add("unknown field(s) " + unknown.keySet() + " in " + (path.isEmpty() ? "." : path));
					}
				}
				else {
					String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
					rejectUnknownFields(property, path + "." + field, problems);
				}
			}
		}
	}

	/**
	 * Required fields of the Prometheus operator's CRD schemas (fabric8's model does not
	 * enforce them).
	 */
	private static void requiredFields(Object object, List<String> problems) {
		if (object instanceof ServiceMonitor monitor) {
			if (monitor.getSpec() == null || monitor.getSpec().getSelector() == null) {
				problems.add("spec.selector is required");
			}
		}
		if (object instanceof PodMonitor monitor) {
			if (monitor.getSpec() == null || monitor.getSpec().getSelector() == null) {
				problems.add("spec.selector is required");
			}
		}
		if (object instanceof PrometheusRule rule) {
			if (rule.getSpec() == null || rule.getSpec().getGroups() == null) {
				problems.add("spec.groups is required");
				return;
			}
			for (RuleGroup group : rule.getSpec().getGroups()) {
				if (group.getName() == null) {
					problems.add("spec.groups[].name is required");
				}
				for (Rule r : (group.getRules() != null) ? group.getRules() : List.<Rule>of()) {
					if (r.getExpr() == null) {
						problems.add("spec.groups[" + group.getName() + "].rules[].expr is required");
					}
					if ((r.getAlert() == null) == (r.getRecord() == null)) {
						problems.add("spec.groups[" + group.getName() + "].rules[] needs exactly one of alert, record");
					}
				}
			}
		}
	}

	private static Object invoke(Method method, Object target) {
		try {
			return method.invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads a scalar only from a JSON token of its own type: no "3" for an integer, no 3
	 * for a string.
	 */
	private static final class StrictScalar<T> extends TypeAdapter<T> {

		private final JsonToken token;

		private final Reader<T> reader;

		StrictScalar(JsonToken token, Reader<T> reader) {
			this.token = token;
			this.reader = reader;
		}

		@Override
		public T read(JsonReader in) throws IOException {
			JsonToken actual = in.peek();
			if (actual == JsonToken.NULL) {
				in.nextNull();
				return null;
			}
			if (actual != this.token) {
				throw new JsonParseException("expected " + this.token + " but found " + actual + " at " + in.getPath());
			}
			return this.reader.read(in);
		}

		@Override
		public void write(JsonWriter out, T value) throws IOException {
			if (value == null) {
				out.nullValue();
			}
			else if (value instanceof Number number) {
				out.value(number);
			}
			else if (value instanceof Boolean bool) {
				out.value(bool);
			}
			else {
				out.value(value.toString());
			}
		}

		interface Reader<T> {

			T read(JsonReader in) throws IOException;

		}

	}

}
