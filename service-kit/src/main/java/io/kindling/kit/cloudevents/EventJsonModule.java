package io.kindling.kit.cloudevents;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * How the event codec reads payloads faster than Jackson's defaults, with the same results: every event has an
 * {@code Instant} or two and is a record. Instants are read by {@link Timestamps}; a record's canonical constructor
 * is called through a method handle spread once, where Jackson 3.1 calls {@code invokeWithArguments}, which builds a
 * new spreader on every call (together a fifth of decoding an event under load). Anything else, and every error, goes
 * the default way.
 */
final class EventJsonModule extends SimpleModule {

    EventJsonModule() {
        super("kindling-events");
        addDeserializer(Instant.class, new InstantFromText());
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                                                             BeanDescription.Supplier beanDesc,
                                                             ValueInstantiator defaultInstantiator) {
                return RecordInstantiator.of(defaultInstantiator);
            }
        });
    }

    /** The common form of a string through {@link Timestamps}; any other string, numbers and errors as Jackson does. */
    private static final class InstantFromText extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant read = Timestamps.readCommon(p.getString());
                if (read != null) {
                    return read;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }

    /** A record's canonical constructor, spread once. */
    private static final class RecordInstantiator extends StdValueInstantiator {

        private final MethodHandle spread;

        private RecordInstantiator(StdValueInstantiator base, MethodHandle spread) {
            super(base);
            this.spread = spread;
        }

        static ValueInstantiator of(ValueInstantiator instantiator) {
            if (instantiator.getClass() != StdValueInstantiator.class || !instantiator.canCreateFromObjectWith()
                    || !(instantiator.getWithArgsCreator().getAnnotated() instanceof Constructor<?> constructor)
                    || !constructor.getDeclaringClass().isRecord()) {
                return instantiator;
            }
            try {
                MethodHandle handle = MethodHandles.publicLookup().unreflectConstructor(constructor);
                MethodHandle spread = handle.asType(handle.type().generic())
                        .asSpreader(Object[].class, constructor.getParameterCount())
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new RecordInstantiator((StdValueInstantiator) instantiator, spread);
            } catch (IllegalAccessException e) {
                return instantiator; // not public: Jackson's own way
            }
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
            try {
                return (Object) spread.invokeExact(args);
            } catch (Throwable e) {
                // the constructor refused (or a null met a primitive): Jackson's own call reports it its way
                return super.createFromObjectWith(ctxt, args);
            }
        }
    }
}
