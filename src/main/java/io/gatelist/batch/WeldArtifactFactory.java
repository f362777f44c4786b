package io.gatelist.batch;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import org.jberet.creation.AbstractArtifactFactory;

/**
 * Creates batch artifacts ({@code ref="..."} in job XML) as CDI beans of this runtime's own Weld container,
 * rather than of a JVM-wide static container, so that each home's runtime is self-contained.
 */
final class WeldArtifactFactory extends AbstractArtifactFactory {

    private final BeanManager beanManager;

    WeldArtifactFactory(BeanManager beanManager) {
        this.beanManager = beanManager;
    }

    @Override
    public Class<?> getArtifactClass(String ref, ClassLoader classLoader) {
        Bean<?> bean = findBean(ref, beanManager, classLoader);
        return bean == null ? null : bean.getBeanClass();
    }

    @Override
    public Object create(String ref, Class<?> cls, ClassLoader classLoader) {
        Bean<?> bean = findBean(ref, beanManager, classLoader);
        return bean == null ? null
                : beanManager.getReference(bean, bean.getBeanClass(), beanManager.createCreationalContext(bean));
    }
}
