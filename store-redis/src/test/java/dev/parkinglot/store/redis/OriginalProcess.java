package dev.parkinglot.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The original (npm autotel 7.9.0, {@code autotel/webhook}) with its documented Redis store, as a
 * Node process ({@code src/test/node/original.mjs}) driven one JSON command per line. Needs {@code
 * node} and {@code npm ci} in store-redis; without them the tests that use it are skipped with the
 * reason, or fail when {@code PARKINGLOT_TCK_REQUIRE_ALL=true} (as in CI, whose .ci/run runs npm ci).
 */
final class OriginalProcess implements AutoCloseable {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path SCRIPT = MODULE.resolve("src/test/node/original.mjs");
  static final Path AUTOTEL = MODULE.resolve("node_modules/autotel/package.json");
  private static final long ANSWER_TIMEOUT_SECONDS = 60;
  private static final JsonFactory JSON = new JsonFactory();

  private final Process process;
  private final OutputStream commands;
  private final BufferedReader answers;
  private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "original-process-reader");
    thread.setDaemon(true);
    return thread;
  });

  private OriginalProcess(Process process) {
    this.process = process;
    this.commands = process.getOutputStream();
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts the original against the Redis at {@code redisUrl}, once {@code npm ci} has installed it;
   * skips (or fails under PARKINGLOT_TCK_REQUIRE_ALL) when it has not.
   */
  static OriginalProcess start(String redisUrl) {
    requireInstalled();
    try {
      Process process = new ProcessBuilder("node", SCRIPT.toString(), redisUrl)
          .directory(MODULE.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      OriginalProcess original = new OriginalProcess(process);
      Map<String, Object> ready = original.answer();
      assertThat(ready).containsEntry("ready", true);
      return original;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + SCRIPT + " (is node on the PATH?)", e);
    }
  }

  /** Whether {@code npm ci} has installed the original in store-redis. */
  static boolean installed() {
    return Files.isRegularFile(AUTOTEL);
  }

  /**
   * Skips the calling test with the reason when the original is not installed, or fails it when
   * PARKINGLOT_TCK_REQUIRE_ALL=true (CI, where .ci/run installs it).
   */
  static void requireInstalled() {
    if (installed()) {
      return;
    }
    String missing = "the original (npm autotel 7.9.0) is not installed: run `npm ci` in store-redis (" + AUTOTEL
        + " is missing)";
    if ("true".equalsIgnoreCase(System.getenv("PARKINGLOT_TCK_REQUIRE_ALL"))) {
      Assertions.fail(missing + "; PARKINGLOT_TCK_REQUIRE_ALL=true forbids skipping the interop test");
    }
    Assumptions.abort(missing);
  }

  /** Sends {@code op} with {@code arguments} (name, value, name, value, …); the answer, which must be ok. */
  Map<String, Object> call(String op, Object... arguments) {
    Map<String, Object> answer = send(op, arguments);
    assertThat(answer.get("ok")).as("the original answered %s with %s", op, answer).isEqualTo(true);
    return answer;
  }

  /** As {@link #call}, for an op that the original is expected to fail: its error text. */
  String failure(String op, Object... arguments) {
    Map<String, Object> answer = send(op, arguments);
    assertThat(answer.get("ok")).as("the original answered %s with %s", op, answer).isEqualTo(false);
    return (String) answer.get("error");
  }

  private Map<String, Object> send(String op, Object... arguments) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("op", op);
    for (int i = 0; i < arguments.length; i += 2) {
      command.put((String) arguments[i], arguments[i + 1]);
    }
    try {
      commands.write(write(command));
      commands.write('\n');
      commands.flush();
      return answer();
    } catch (IOException e) {
      throw new UncheckedIOException("the original process is gone", e);
    }
  }

  private Map<String, Object> answer() throws IOException {
    Future<String> line = reader.submit(answers::readLine);
    String text;
    try {
      text = line.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the original did not answer within " + ANSWER_TIMEOUT_SECONDS + " s", e);
    }
    if (text == null) {
      throw new IllegalStateException("the original process ended (exit " + exitValue() + ")");
    }
    return parseObject(text);
  }

  private String exitValue() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      commands.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    } finally {
      reader.shutdownNow();
    }
  }

  /** JSON text as JSON.parse reads it: objects as maps, arrays as lists, integers as longs. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      Object value = read(parser, parser.nextToken());
      assertThat(value).as("a JSON object: %s", text).isInstanceOf(Map.class);
      return (Map<String, Object>) value;
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          array.add(read(parser, next));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token);
    }
  }

  private static byte[] write(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      writeValue(out, value);
    }
    return bytes.toByteArray();
  }

  private static void writeValue(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        out.writeFieldName((String) entry.getKey());
        writeValue(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List) {
      out.writeStartArray();
      for (Object element : (List<?>) value) {
        writeValue(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof Boolean) {
      out.writeBoolean((Boolean) value);
    } else if (value instanceof Long || value instanceof Integer) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number) {
      out.writeNumber(((Number) value).doubleValue());
    } else {
      out.writeString(value.toString());
    }
  }
}
