<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>mdeck::ui::CompareView</name>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="177"/>
        <source>All %n param(s) are the same.</source>
        <translation>
            <numerusform>The only param is the same.</numerusform>
            <numerusform>All %n params are the same.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="180"/>
        <source>%1 of %n param(s) differ.</source>
        <translation>
            <numerusform>%1 of %n param differs.</numerusform>
            <numerusform>%1 of %n params differ.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="185"/>
        <source>All %n tag(s) are the same.</source>
        <translation>
            <numerusform>The only tag is the same.</numerusform>
            <numerusform>All %n tags are the same.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="187"/>
        <source>%1 of %n tag(s) differ.</source>
        <translation>
            <numerusform>%1 of %n tag differs.</numerusform>
            <numerusform>%1 of %n tags differ.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::RegistryPanel</name>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="390"/>
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n version</numerusform>
            <numerusform>%n versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="422"/>
        <source>%n versions are selected.</source>
        <translation>
            <numerusform>%n version is selected.</numerusform>
            <numerusform>%n versions are selected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="541"/>
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n model</numerusform>
            <numerusform>%n models</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="543"/>
        <source>%1 of %n model(s)</source>
        <translation>
            <numerusform>%1 of %n model</numerusform>
            <numerusform>%1 of %n models</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::SchemaView</name>
    <message numerus="yes">
        <location filename="../ui/train/schema_view.cpp" line="143"/>
        <source>%n distinct value(s)</source>
        <translation>
            <numerusform>%n distinct value</numerusform>
            <numerusform>%n distinct values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::TrainView</name>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="37"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>about %n s left</numerusform>
            <numerusform>about %n s left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="38"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="216"/>
        <source>%1 · %n row(s)</source>
        <translation>
            <numerusform>%1 · %n row</numerusform>
            <numerusform>%1 · %n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="319"/>
        <source>Finished after %n epoch(s).</source>
        <translation>
            <numerusform>Finished after %n epoch.</numerusform>
            <numerusform>Finished after %n epochs.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::TrainingResultView</name>
    <message numerus="yes">
        <location filename="../ui/train/training_result_view.cpp" line="120"/>
        <source>%1 on %2 · rows: %3 train, %4 validation, %5 test, %6 dropped · %n epoch(s)</source>
        <translation>
            <numerusform>%1 on %2 · rows: %3 train, %4 validation, %5 test, %6 dropped · %n epoch</numerusform>
            <numerusform>%1 on %2 · rows: %3 train, %4 validation, %5 test, %6 dropped · %n epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::VersionDetailsView</name>
    <message numerus="yes">
        <location filename="../ui/registry/version_details_view.cpp" line="214"/>
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n class</numerusform>
            <numerusform>%n classes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/version_details_view.cpp" line="215"/>
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n feature</numerusform>
            <numerusform>%n features</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::DriftFeatureView</name>
    <message numerus="yes">
        <location filename="../ui/drift/drift_feature_view.cpp" line="239"/>
        <source>At this threshold none of the %n past window(s) would have alerted.</source>
        <translation>
            <numerusform>At this threshold none of the %n past window would have alerted.</numerusform>
            <numerusform>At this threshold none of the %n past windows would have alerted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/drift/drift_feature_view.cpp" line="241"/>
        <source>At this threshold %1 of %n past window(s) would have alerted; the first at %2.</source>
        <translation>
            <numerusform>At this threshold %1 of %n past window would have alerted; the first at %2.</numerusform>
            <numerusform>At this threshold %1 of %n past windows would have alerted; the first at %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::DriftPanel</name>
    <message numerus="yes">
        <location filename="../ui/drift/drift_panel.cpp" line="395"/>
        <source>%1 · %2 · %n row(s)</source>
        <translation>
            <numerusform>%1 · %2 · %n row</numerusform>
            <numerusform>%1 · %2 · %n rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::FairnessView</name>
    <message numerus="yes">
        <location filename="../ui/drift/fairness_view.cpp" line="111"/>
        <source>Attribute %1: %n warning(s) in this window; reference group %2.</source>
        <translation>
            <numerusform>Attribute %1: %n warning in this window; reference group %2.</numerusform>
            <numerusform>Attribute %1: %n warnings in this window; reference group %2.</numerusform>
        </translation>
    </message>
</context>
</TS>
