#!/usr/bin/env python3
"""Writes the Spring Boot starter's IterableComponentConfiguration from the generated Camel catalog JSON, one property
per component option with the catalog's description and default (as Camel's own starters are generated). Spring
Boot's configuration processor turns it into META-INF/spring-configuration-metadata.json at compile time. Run after
an option changes:
    mvn -q -pl camel-iterable process-classes && python3 tools/generate-spring-boot-configuration.py
IterableStarterMetadataTest fails when an option of the catalog is missing from the metadata."""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
catalog = json.loads((root / 'camel-iterable/src/generated/resources/META-INF/io/github/cameliterable/iterable.json').read_text())
target = root / ('camel-iterable-spring-boot-starter/src/main/java/io/github/cameliterable/springboot/'
                 'IterableComponentConfiguration.java')

BOXED = {'boolean': 'Boolean', 'int': 'Integer', 'long': 'Long', 'double': 'Double'}


def java_type(option):
    java = option['javaType']
    if option.get('type') == 'duration':
        return 'Duration'  # Spring Boot binds 60s, PT1M or plain milliseconds; Camel's configurer takes a Duration
    if option.get('type') == 'object':
        return 'String'  # a bean reference, resolved by Camel when the options are copied onto the component
    if java in BOXED:
        return BOXED[java]
    return java[len('java.lang.'):] if java.startswith('java.lang.') else java


def is_java_enum(option):
    return option.get('type') == 'enum' and not option['javaType'].startswith('java.')


def initializer(option, jtype):
    """The catalog's default as a Java literal, or None (beans, durations and options without a default)."""
    if 'defaultValue' not in option:
        return None
    value = option['defaultValue']
    if jtype == 'Duration':
        return 'TimeUtils.toDuration(' + json.dumps(str(value)) + ')'
    if jtype == 'Boolean':
        return 'true' if value in (True, 'true') else 'false'
    if jtype in ('Integer', 'Long'):
        return str(value) + ('L' if jtype == 'Long' else '')
    if jtype == 'String':
        return json.dumps(str(value))
    if is_java_enum(option):
        return jtype + '.' + str(value)
    return None


def javadoc(text, indent='    '):
    lines, line = [], ''
    for word in text.replace('*/', '*&#47;').split():
        if len(line) + len(word) + 1 > 108:
            lines.append(line)
            line = word
        else:
            line = (line + ' ' + word).strip()
    lines.append(line)
    return [indent + '/**'] + [indent + ' * ' + l for l in lines] + [indent + ' */']


fields, accessors = [], []
for name, option in catalog['componentProperties'].items():
    if option['javaType'] == catalog['component']['javaType'].replace('Component', 'Configuration'):
        continue  # the nested configuration object itself: its options are listed one by one
    jtype = java_type(option)
    description = option['description']
    if option.get('type') == 'object':
        description += ' Set as a reference to a bean of the application: #name (a ' + option['javaType'] + ').'
    init = initializer(option, jtype)
    fields += javadoc(description)
    fields.append('    private {} {}{};'.format(jtype, name, '' if init is None else ' = ' + init))
    cap = name[0].upper() + name[1:]
    accessors += ['', '    public {} get{}() {{'.format(jtype, cap), '        return {};'.format(name), '    }', '',
                  '    public void set{}({} {}) {{'.format(cap, jtype, name), '        this.{} = {};'.format(name, name),
                  '    }']

out = ['package io.github.cameliterable.springboot;', '', 'import java.time.Duration;', '',
       'import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;',
       'import org.apache.camel.util.TimeUtils;',
       'import org.springframework.boot.context.properties.ConfigurationProperties;', '',
       ] + javadoc(catalog['component']['description'] + ' Generated from the Camel catalog by'
                   ' tools/generate-spring-boot-configuration.py: do not edit by hand.', '') + [
       '// enabled and customizer.enabled come from Camel\'s common class, as in Camel\'s own starters',
       '@ConfigurationProperties(prefix = "camel.component.iterable")',
       'public class IterableComponentConfiguration extends ComponentConfigurationPropertiesCommon {', ''] + fields + \
      accessors + ['}', '']
text = '\n'.join(out)
text = re.sub(r'\n{3,}', '\n\n', text)
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(text)

# value hints for the options that are Strings with a fixed set of values (Java enums get theirs from the processor)
hints = [{'name': 'camel.component.iterable.' + re.sub(r'([A-Z])', lambda m: '-' + m.group(1).lower(), name),
          'values': [{'value': v} for v in option['enum']]}
         for name, option in catalog['componentProperties'].items()
         if option.get('enum') and java_type(option) == 'String']
additional = target.parents[5] / 'resources/META-INF/additional-spring-configuration-metadata.json'
additional.parent.mkdir(parents=True, exist_ok=True)
additional.write_text(json.dumps({'hints': hints}, indent=2) + '\n')
print('wrote', target.relative_to(root), len(fields) and sum(1 for f in fields if f.startswith('    private')), 'options')
