package dev.montage.spark.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Tasks and outcomes cross the cluster as Java-serialised bytes, whatever {@code spark.serializer}
 * the host chose: Kryo (a common choice for data) does not know records and paths, and Java
 * serialisation is what {@link dev.montage.core.spi.SegmentTask} promises. Classes resolve through
 * the thread's context class loader, which Spark points at the job's jars on executors.
 */
final class JavaBytes {

  private JavaBytes() {}

  static byte[] write(Serializable value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("could not serialise " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(bytes))) {
      return type.cast(in.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException("could not deserialise a " + type.getSimpleName(), e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a class of a " + type.getSimpleName()
          + " is missing from this process's class path: " + e.getMessage(), e);
    }
  }

  private static final class ContextObjectInputStream extends ObjectInputStream {

    ContextObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(descriptor.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // fall back to the default resolution below (primitive types, the caller's loader)
        }
      }
      return super.resolveClass(descriptor);
    }
  }
}
