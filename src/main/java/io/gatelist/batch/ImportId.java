package io.gatelist.batch;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The import a batch artifact works on, injected as {@code @Inject @ImportId long importId}: the artifact's
 * {@code importId} property, which the job XML sets from the job parameter
 * ({@code <property name="importId" value="#{jobParameters['importId']}"/>}), read as a number. A value that is
 * missing or not a number fails the artifact's creation, and with it its step (or, for the job listener, the job),
 * in words that name the parameter ({@link ImportIdProducer}).
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
public @interface ImportId {
}
