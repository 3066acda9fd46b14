<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChartExport</name>
    <message>
        <location filename="../widgets/chart_export.cpp" line="29"/>
        <source>Cannot write %1: %2</source>
        <translation>Kann %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <location filename="../widgets/chart_export.cpp" line="53"/>
        <source>%1: choose a file ending in .png, .pdf or .csv.</source>
        <translation>%1: Wählen Sie eine Datei mit der Endung .png, .pdf oder .csv.</translation>
    </message>
    <message>
        <location filename="../widgets/chart_export.cpp" line="57"/>
        <source>There is no chart to export.</source>
        <translation>Es gibt kein Diagramm zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../widgets/chart_export.cpp" line="70"/>
        <source>Cannot render the chart as PNG.</source>
        <translation>Das Diagramm lässt sich nicht als PNG darstellen.</translation>
    </message>
    <message>
        <location filename="../widgets/chart_export.cpp" line="92"/>
        <source>Cannot render the chart as PDF.</source>
        <translation>Das Diagramm lässt sich nicht als PDF darstellen.</translation>
    </message>
</context>
<context>
    <name>DriftSnapshot</name>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="51"/>
        <source>field %1: %2</source>
        <translation>Feld %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="56"/>
        <source>expected an object</source>
        <translation>Objekt erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="62"/>
        <source>expected a list</source>
        <translation>Liste erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="68"/>
        <source>expected text</source>
        <translation>Text erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="76"/>
        <source>expected a number</source>
        <translation>Zahl erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="82"/>
        <source>expected true or false</source>
        <translation>true oder false erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="189"/>
        <source>Cannot write %1: %2</source>
        <translation>Kann %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="196"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="199"/>
        <source>the file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="208"/>
        <source>the file ends early, at byte %1 of %2: it is truncated (an interrupted copy or download?). Export the snapshot again.</source>
        <translation>Die Datei endet vorzeitig, bei Byte %1 von %2: Sie ist abgeschnitten (ein abgebrochenes Kopieren oder Herunterladen?). Exportieren Sie den Snapshot erneut.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="212"/>
        <source>not a drift snapshot: damaged at byte %1 (%2).</source>
        <translation>kein Drift-Snapshot: beschädigt bei Byte %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="217"/>
        <source>not a drift snapshot: the top level is not an object.</source>
        <translation>kein Drift-Snapshot: Die oberste Ebene ist kein Objekt.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="221"/>
        <source>not a ModelDeck drift snapshot (no &quot;format&quot;: &quot;%1&quot;).</source>
        <translation>kein ModelDeck-Drift-Snapshot (kein &quot;format&quot;: &quot;%1&quot;).</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="225"/>
        <source>%1: snapshot version %2 comes from a newer ModelDeck; this one reads version %3.</source>
        <translation>%1: Snapshot-Version %2 stammt von einem neueren ModelDeck; dieses liest Version %3.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="232"/>
        <source>field version: expected a number from 1.</source>
        <translation>Feld version: Zahl ab 1 erwartet.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="292"/>
        <source>expected [start, end, rows]</source>
        <translation>[Beginn, Ende, Zeilen] erwartet</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="367"/>
        <source>field alerts[%1]: names a feature, window or method that the snapshot does not have</source>
        <translation>Feld alerts[%1]: nennt ein Merkmal, Fenster oder Verfahren, das der Snapshot nicht enthält</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="380"/>
        <source>Cannot open %1: %2</source>
        <translation>Kann %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_snapshot.cpp" line="383"/>
        <source>%1 is %2 MB; drift snapshots larger than %3 MB are refused.</source>
        <translation>%1 ist %2 MB groß; Drift-Snapshots über %3 MB werden abgelehnt.</translation>
    </message>
</context>
<context>
    <name>DriftSource</name>
    <message>
        <location filename="../ui/drift/drift_source.cpp" line="22"/>
        <source>No drift data for %1.</source>
        <translation>Keine Drift-Daten für %1.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_source.cpp" line="121"/>
        <source>A rule named %1 exists already.</source>
        <translation>Eine Regel namens %1 gibt es bereits.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_source.cpp" line="175"/>
        <source>%1 is a read-only snapshot; open the workspace to save rules.</source>
        <translation>%1 ist ein schreibgeschützter Snapshot; öffnen Sie den Arbeitsbereich, um Regeln zu speichern.</translation>
    </message>
</context>
<context>
    <name>DriftViewModel</name>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="68"/>
        <source>%1 methods but %2 score matrices</source>
        <translation>%1 Verfahren, aber %2 Wertematrizen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="72"/>
        <source>method %1: %2 scores for %3 features × %4 windows</source>
        <translation>Verfahren %1: %2 Werte für %3 Merkmale × %4 Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="80"/>
        <source>method %1: thresholds or bands do not match the %2 features</source>
        <translation>Verfahren %1: Schwellen oder Bänder passen nicht zu den %2 Merkmalen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="89"/>
        <source>feature %1: %2 reference counts for %3 bins</source>
        <translation>Merkmal %1: %2 Referenzzählungen für %3 Klassen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="95"/>
        <source>%1 current histograms for %2 features × %3 windows</source>
        <translation>%1 aktuelle Histogramme für %2 Merkmale × %3 Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="102"/>
        <source>feature %1, window %2: the counts do not match its bins</source>
        <translation>Merkmal %1, Fenster %2: Die Zählungen passen nicht zu seinen Klassen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="107"/>
        <source>quality series %1 has %2 values for %3 windows</source>
        <translation>Qualitätsreihe %1 hat %2 Werte für %3 Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="114"/>
        <source>performance series %1 does not match the %2 windows</source>
        <translation>Leistungsreihe %1 passt nicht zu den %2 Fenstern</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="117"/>
        <source>fairness group %1 does not match the %2 windows</source>
        <translation>Fairness-Gruppe %1 passt nicht zu den %2 Fenstern</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_view_model.cpp" line="120"/>
        <source>window %1 starts before the one before it</source>
        <translation>Fenster %1 beginnt vor dem vorherigen</translation>
    </message>
</context>
<context>
    <name>ModelDeck</name>
    <message>
        <location filename="../ui/text_format.cpp" line="34"/>
        <source>viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <location filename="../ui/text_format.cpp" line="36"/>
        <source>engineer</source>
        <translation>Ingenieur</translation>
    </message>
    <message>
        <location filename="../ui/text_format.cpp" line="38"/>
        <source>release manager</source>
        <translation>Release-Manager</translation>
    </message>
    <message>
        <location filename="../ui/text_format.cpp" line="40"/>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
</context>
<context>
    <name>MonitorAdapter</name>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="39"/>
        <source>KS p-value</source>
        <translation>KS-p-Wert</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="41"/>
        <source>χ² p-value</source>
        <translation>χ²-p-Wert</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="43"/>
        <source>Z-test p-value</source>
        <translation>Z-Test-p-Wert</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="45"/>
        <source>Wasserstein (normed)</source>
        <translation>Wasserstein (normiert)</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="47"/>
        <source>Jensen–Shannon</source>
        <translation>Jensen–Shannon</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="49"/>
        <source>PSI</source>
        <translation>PSI</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="53"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="73"/>
        <source>No drift data for %1.</source>
        <translation>Keine Drift-Daten für %1.</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="95"/>
        <source>%1 v%2</source>
        <translation>%1 v%2</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="97"/>
        <source>deployment %1</source>
        <translation>Deployment %1</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="98"/>
        <source>deployment %1 (%2)</source>
        <translation>Deployment %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="102"/>
        <source>%1 · windows of %2 rows</source>
        <translation>%1 · Fenster zu %2 Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="104"/>
        <source>%1 · windows of %2 min</source>
        <translation>%1 · Fenster zu %2 min</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="113"/>
        <source>Column statistic</source>
        <translation>Spaltenkennzahl</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="161"/>
        <source>missing values</source>
        <translation>fehlende Werte</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="161"/>
        <source>out of range</source>
        <translation>außerhalb des Bereichs</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="162"/>
        <source>unseen categories</source>
        <translation>unbekannte Kategorien</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="162"/>
        <source>type errors</source>
        <translation>Typfehler</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="200"/>
        <source>drift verdict</source>
        <translation>Drift-Urteil</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="321"/>
        <source>%1 is a read-only snapshot; open the workspace to save rules.</source>
        <translation>%1 ist ein schreibgeschützter Snapshot; öffnen Sie den Arbeitsbereich, um Regeln zu speichern.</translation>
    </message>
    <message>
        <location filename="../ui/drift/monitor_adapter.cpp" line="480"/>
        <source>Cannot open %1: %2</source>
        <translation>Kann %1 nicht öffnen: %2</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::AboutDialog</name>
    <message>
        <location filename="../ui/about_dialog.cpp" line="37"/>
        <source>About ModelDeck</source>
        <translation>Über ModelDeck</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="44"/>
        <source>A desktop console for ML operations: model registry, training, deployments, drift and pipelines.</source>
        <translation>Eine Desktop-Konsole für den ML-Betrieb: Modellregister, Training, Deployments, Drift und Pipelines.</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="57"/>
        <source>Qt:</source>
        <translation>Qt:</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="58"/>
        <source>%1 (built with %2)</source>
        <translation>%1 (erstellt mit %2)</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="61"/>
        <source>LibTorch:</source>
        <translation>LibTorch:</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="65"/>
        <source>BLAS:</source>
        <translation>BLAS:</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="67"/>
        <source>BLAS library:</source>
        <translation>BLAS-Bibliothek:</translation>
    </message>
    <message>
        <location filename="../ui/about_dialog.cpp" line="75"/>
        <source>This process loaded the reference BLAS, which makes training and inference many times slower. Install OpenBLAS (libopenblas0-openmp) or select it with update-alternatives.</source>
        <translation>Dieser Prozess hat die Referenz-BLAS geladen, mit der Training und Inferenz um ein Vielfaches langsamer laufen. Installieren Sie OpenBLAS (libopenblas0-openmp) oder wählen Sie es mit update-alternatives aus.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::AliasDialog</name>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="31"/>
        <location filename="../ui/registry/alias_dialog.cpp" line="49"/>
        <source>Set Alias</source>
        <translation>Alias setzen</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="72"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="73"/>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="74"/>
        <source>&amp;Alias:</source>
        <translation>&amp;Alias:</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="99"/>
        <source>A new alias; it will point at version %1.</source>
        <translation>Ein neuer Alias; er wird auf Version %1 zeigen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="101"/>
        <source>@%1 already points at version %2.</source>
        <translation>@%1 zeigt bereits auf Version %2.</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="103"/>
        <source>@%1 will move from version %2 to version %3.</source>
        <translation>@%1 wird von Version %2 auf Version %3 verschoben.</translation>
    </message>
    <message>
        <location filename="../ui/registry/alias_dialog.cpp" line="119"/>
        <source>&apos;%1&apos; cannot be an alias: use 1 to 64 lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, not only digits and not &quot;latest&quot;.</source>
        <translation>„%1“ kann kein Alias sein: Verwenden Sie 1 bis 64 Kleinbuchstaben, Ziffern, „.“, „_“ oder „-“, nicht nur Ziffern und nicht „latest“.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::ApprovalView</name>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="71"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="71"/>
        <source>Stable</source>
        <translation>Stabil</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="71"/>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="71"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="73"/>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="73"/>
        <source>Stable p99 µs</source>
        <translation>Stabil p99 µs</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="73"/>
        <source>Candidate p99 µs</source>
        <translation>Kandidat p99 µs</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="74"/>
        <source>Stable rows/s</source>
        <translation>Stabil Zeilen/s</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="74"/>
        <source>Candidate rows/s</source>
        <translation>Kandidat Zeilen/s</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="79"/>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="80"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="92"/>
        <source>Comment for the audit trail (required)</source>
        <translation>Kommentar für das Prüfprotokoll (erforderlich)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="100"/>
        <source>&lt;b&gt;Metrics&lt;/b&gt; (registry, candidate − stable)</source>
        <translation>&lt;b&gt;Metriken&lt;/b&gt; (Register, Kandidat − stabil)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="103"/>
        <source>&lt;b&gt;Benchmark&lt;/b&gt; (latest stored run of each version)</source>
        <translation>&lt;b&gt;Benchmark&lt;/b&gt; (letzter gespeicherter Lauf jeder Version)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="109"/>
        <source>Signature:</source>
        <translation>Signatur:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="110"/>
        <source>Shadow traffic:</source>
        <translation>Schattenverkehr:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="160"/>
        <source>No rollout is open for this deployment.</source>
        <translation>Für dieses Deployment ist kein Rollout offen.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="167"/>
        <source>Rollout %1: version %2 → %3 (%4), %5. Requested by %6 on %7: “%8”</source>
        <translation>Rollout %1: Version %2 → %3 (%4), %5. Angefordert von %6 am %7: „%8“</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="207"/>
        <source>No stored benchmark</source>
        <translation>Kein gespeicherter Benchmark</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="212"/>
        <source>compatible: same inputs, every output kept</source>
        <translation>kompatibel: gleiche Eingaben, alle Ausgaben erhalten</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="218"/>
        <source>INCOMPATIBLE: %1</source>
        <translation>INKOMPATIBEL: %1</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="223"/>
        <source>no shadow traffic compared yet</source>
        <translation>noch kein Schattenverkehr verglichen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="225"/>
        <source>%1 of %2 answers disagree with the stable version (%3%)</source>
        <translation>%1 von %2 Antworten weichen von der stabilen Version ab (%3 %)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="236"/>
        <source>No rollout request is waiting for a decision.</source>
        <translation>Keine Rollout-Anfrage wartet auf eine Entscheidung.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="238"/>
        <source>Only release managers and admins may approve or reject a rollout; you act as %1 (%2).</source>
        <translation>Nur Release-Manager und Admins dürfen einen Rollout genehmigen oder ablehnen; Sie handeln als %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="242"/>
        <source>You requested this rollout, so another release manager must approve or reject it.</source>
        <translation>Sie haben diesen Rollout angefordert, daher muss ein anderer Release-Manager ihn genehmigen oder ablehnen.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/approval_view.cpp" line="257"/>
        <source>Write a comment for the audit trail first.</source>
        <translation>Schreiben Sie zuerst einen Kommentar für das Prüfprotokoll.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::BenchmarkView</name>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="97"/>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="98"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="115"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="119"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="130"/>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="130"/>
        <source>p50 µs</source>
        <translation>p50 µs</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="130"/>
        <source>p90 µs</source>
        <translation>p90 µs</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="130"/>
        <source>p99 µs</source>
        <translation>p99 µs</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="131"/>
        <source>max µs</source>
        <translation>max µs</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="131"/>
        <source>rows/s</source>
        <translation>Zeilen/s</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="131"/>
        <source>95% CI</source>
        <translation>95-%-KI</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="359"/>
        <source>± %1 %</source>
        <translation>± %1 %</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="363"/>
        <source>%1 – %2 rows/s</source>
        <translation>%1 – %2 Zeilen/s</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="148"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="149"/>
        <location filename="../ui/train/benchmark_view.cpp" line="384"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="150"/>
        <source>Batch sizes</source>
        <translation>Batchgrößen</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="152"/>
        <location filename="../ui/train/benchmark_view.cpp" line="384"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="153"/>
        <source>Window</source>
        <translation>Messfenster</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="164"/>
        <source>This run</source>
        <translation>Dieser Lauf</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="167"/>
        <source>Earlier runs of this model (select to overlay)</source>
        <translation>Frühere Läufe dieses Modells (zum Überlagern auswählen)</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="286"/>
        <source>Batch sizes: %1</source>
        <translation>Batchgrößen: %1</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="334"/>
        <source>Stored with %1 version %2.</source>
        <translation>Gespeichert bei %1 Version %2.</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="355"/>
        <source>Not stable: the windows did not agree within the limit.</source>
        <translation>Nicht stabil: Die Messfenster stimmten nicht innerhalb der Grenze überein.</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="368"/>
        <source>this run</source>
        <translation>dieser Lauf</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="384"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="384"/>
        <source>CPU (cores)</source>
        <translation>CPU (Kerne)</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="384"/>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="386"/>
        <source>rows/s @%1</source>
        <translation>Zeilen/s @%1</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="401"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="430"/>
        <source>v%1, %2</source>
        <translation>v%1, %2</translation>
    </message>
    <message>
        <location filename="../ui/train/benchmark_view.cpp" line="448"/>
        <source>Benchmark cancelled; nothing was stored.</source>
        <translation>Benchmark abgebrochen; nichts wurde gespeichert.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::CompareView</name>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="81"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="81"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="85"/>
        <source>Param</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="87"/>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="103"/>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="104"/>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="105"/>
        <source>Params that differ</source>
        <translation>Abweichende Parameter</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="106"/>
        <source>Tags that differ</source>
        <translation>Abweichende Tags</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="109"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="123"/>
        <source>Select two versions and choose Compare.</source>
        <translation>Wählen Sie zwei Versionen aus und dann „Vergleichen“.</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="143"/>
        <source>%1: version %2 compared with version %3</source>
        <translation>%1: Version %2 im Vergleich mit Version %3</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="147"/>
        <location filename="../ui/registry/compare_view.cpp" line="148"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="156"/>
        <source>The signatures are the same.</source>
        <translation>Die Signaturen sind gleich.</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="165"/>
        <source>Both versions use the same file (%1, SHA-256 %2…).</source>
        <translation>Beide Versionen verwenden dieselbe Datei (%1, SHA-256 %2…).</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="168"/>
        <source>Different files: %1 (%2, %3) and %4 (%5, %6).</source>
        <translation>Verschiedene Dateien: %1 (%2, %3) und %4 (%5, %6).</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="175"/>
        <source>Neither version records params.</source>
        <translation>Keine der Versionen hat Parameter.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="177"/>
        <source>All %n param(s) are the same.</source>
        <translation>
            <numerusform>Der einzige Parameter ist gleich.</numerusform>
            <numerusform>Alle %n Parameter sind gleich.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="180"/>
        <source>%1 of %n param(s) differ.</source>
        <translation>
            <numerusform>%1 von %n Parameter weicht ab.</numerusform>
            <numerusform>%1 von %n Parametern weichen ab.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="183"/>
        <source>Neither version has tags.</source>
        <translation>Keine der Versionen hat Tags.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="185"/>
        <source>All %n tag(s) are the same.</source>
        <translation>
            <numerusform>Der einzige Tag ist gleich.</numerusform>
            <numerusform>Alle %n Tags sind gleich.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/compare_view.cpp" line="187"/>
        <source>%1 of %n tag(s) differ.</source>
        <translation>
            <numerusform>%1 von %n Tag weicht ab.</numerusform>
            <numerusform>%1 von %n Tags weichen ab.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="209"/>
        <location filename="../ui/registry/compare_view.cpp" line="211"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="213"/>
        <source>only in one version</source>
        <translation>nur in einer Version</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="220"/>
        <source>no change</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="231"/>
        <source>, better</source>
        <translation>, besser</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="231"/>
        <source>, worse</source>
        <translation>, schlechter</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="256"/>
        <source>Neither version records metrics.</source>
        <translation>Keine der Versionen hat Metriken.</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="257"/>
        <source>Lower is better for names containing loss, error, rmse or mae; higher is better for all others.</source>
        <translation>Kleiner ist besser bei Namen, die loss, error, rmse oder mae enthalten; bei allen anderen ist größer besser.</translation>
    </message>
    <message>
        <location filename="../ui/registry/compare_view.cpp" line="275"/>
        <location filename="../ui/registry/compare_view.cpp" line="276"/>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::DeploymentsPanel</name>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="82"/>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="84"/>
        <source>rollout requested</source>
        <translation>Rollout angefordert</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="86"/>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="88"/>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="90"/>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="92"/>
        <source>next step</source>
        <translation>nächster Schritt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="94"/>
        <source>promoted</source>
        <translation>übernommen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="96"/>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="98"/>
        <source>resumed</source>
        <translation>fortgesetzt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="100"/>
        <source>rolled back</source>
        <translation>zurückgerollt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="102"/>
        <source>alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="104"/>
        <source>refused</source>
        <translation>verweigert</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="112"/>
        <source>v%1 100%</source>
        <translation>v%1 100 %</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="114"/>
        <source>v%1 100%, v%2 shadow</source>
        <translation>v%1 100 %, v%2 Schatten</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="115"/>
        <source>v%1 %2%, v%3 %4%</source>
        <translation>v%1 %2 %, v%3 %4 %</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="128"/>
        <source>Deployment</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="128"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="128"/>
        <source>Stable</source>
        <translation>Stabil</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="128"/>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="129"/>
        <source>Traffic split</source>
        <translation>Verkehrsaufteilung</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="129"/>
        <location filename="../ui/deployments/deployments_panel.cpp" line="133"/>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="129"/>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="129"/>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="130"/>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="133"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="133"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="133"/>
        <source>Latency ms</source>
        <translation>Latenz ms</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="135"/>
        <source>Roll back…</source>
        <translation>Zurückrollen…</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="137"/>
        <source>Add remote endpoint…</source>
        <translation>Entfernten Endpunkt hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="138"/>
        <source>New deployment…</source>
        <translation>Neues Deployment…</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="145"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="145"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="145"/>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="145"/>
        <source>Serving after</source>
        <translation>Danach bedient</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="145"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="169"/>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="170"/>
        <source>Progress</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="171"/>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="177"/>
        <source>&lt;b&gt;Deployments&lt;/b&gt;</source>
        <translation>&lt;b&gt;Deployments&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="183"/>
        <source>&lt;b&gt;Servers and remote endpoints&lt;/b&gt;</source>
        <translation>&lt;b&gt;Server und entfernte Endpunkte&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="228"/>
        <source>Add Remote Endpoint</source>
        <translation>Entfernten Endpunkt hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="229"/>
        <source>Base URL of an Open Inference Protocol server (e.g. http://host:8000):</source>
        <translation>Basis-URL eines Open-Inference-Protocol-Servers (z. B. http://host:8000):</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="270"/>
        <source>%1 was rolled back; it now serves version %2 only.</source>
        <translation>%1 wurde zurückgerollt; es bedient jetzt nur Version %2.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="280"/>
        <source>Serve a model version under a new name; changing what an existing deployment serves is a rollout request.</source>
        <translation>Eine Modellversion unter einem neuen Namen bereitstellen; was ein bestehendes Deployment bereitstellt, ändert eine Rollout-Anfrage.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="282"/>
        <source>Only engineers, release managers and admins create deployments.</source>
        <translation>Nur Engineers, Release-Manager und Admins legen Deployments an.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="304"/>
        <source>Deployments</source>
        <translation>Deployments</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="412"/>
        <source>no server running</source>
        <translation>kein Server läuft</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="415"/>
        <location filename="../ui/deployments/deployments_panel.cpp" line="574"/>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="416"/>
        <location filename="../ui/deployments/deployments_panel.cpp" line="580"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="417"/>
        <source>not ready</source>
        <translation>nicht bereit</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="418"/>
        <location filename="../ui/deployments/deployments_panel.cpp" line="582"/>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="426"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="428"/>
        <source>v%1 (%2)</source>
        <translation>v%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="440"/>
        <source>%1 v%2 (%3)</source>
        <translation>%1 v%2 (%3)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="467"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: model %2, serving %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Modell %2, bedient %3</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="517"/>
        <source>Rollout %1 is %2.</source>
        <translation>Rollout %1 ist %2.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="518"/>
        <source>No rollout yet.</source>
        <translation>Noch kein Rollout.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="564"/>
        <source>mdeck serve (heartbeat %1 s ago)</source>
        <translation>mdeck serve (Lebenszeichen vor %1 s)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="566"/>
        <source>remote</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="581"/>
        <source>not ready (HTTP %1)</source>
        <translation>nicht bereit (HTTP %1)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="593"/>
        <source>Select a deployment.</source>
        <translation>Wählen Sie ein Deployment aus.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="600"/>
        <source>Nothing to roll back: %1 serves version %2 and has no earlier version.</source>
        <translation>Nichts zurückzurollen: %1 bedient Version %2 und hat keine frühere Version.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="604"/>
        <source>Only release managers, admins and the rollout&apos;s requester may roll back.</source>
        <translation>Nur Release-Manager, Admins und wer den Rollout angefordert hat, dürfen zurückrollen.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="607"/>
        <source>Remove the candidate, or go back to the version that served before the last promotion.</source>
        <translation>Den Kandidaten entfernen oder zur Version zurückkehren, die vor der letzten Übernahme bediente.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="619"/>
        <source>Deployment %1 created: it serves %2 version %3. A running mdeck serve picks it up within a second; changing what it serves is a rollout request.</source>
        <translation>Deployment %1 angelegt: Es stellt %2 Version %3 bereit. Ein laufendes mdeck serve übernimmt es innerhalb einer Sekunde; was es bereitstellt, ändert eine Rollout-Anfrage.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="637"/>
        <source>Roll Back %1</source>
        <translation>%1 zurückrollen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="640"/>
        <source>The candidate is removed at once and version %1 answers every request. An open rollout request is withdrawn.</source>
        <translation>Der Kandidat wird sofort entfernt, und Version %1 beantwortet jede Anfrage. Eine offene Rollout-Anfrage wird zurückgezogen.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="644"/>
        <source>Version %1 replaces version %2 at once.</source>
        <translation>Version %1 ersetzt Version %2 sofort.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="647"/>
        <source>Why? (kept in the audit trail)</source>
        <translation>Warum? (wird im Prüfprotokoll festgehalten)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/deployments_panel.cpp" line="654"/>
        <source>Roll Back</source>
        <translation>Zurückrollen</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::EngineBridge</name>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="70"/>
        <location filename="../ui/engine_bridge.cpp" line="182"/>
        <location filename="../ui/engine_bridge.cpp" line="194"/>
        <location filename="../ui/engine_bridge.cpp" line="209"/>
        <location filename="../ui/engine_bridge.cpp" line="228"/>
        <location filename="../ui/engine_bridge.cpp" line="249"/>
        <location filename="../ui/engine_bridge.cpp" line="278"/>
        <location filename="../ui/engine_bridge.cpp" line="296"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="18"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="42"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="84"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="116"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="143"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="162"/>
        <location filename="../ui/engine_bridge_pipelines.cpp" line="175"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="28"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="65"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="103"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="117"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="131"/>
        <location filename="../ui/engine_bridge_deploy.cpp" line="147"/>
        <location filename="../ui/engine_bridge_training.cpp" line="156"/>
        <location filename="../ui/engine_bridge_training.cpp" line="182"/>
        <location filename="../ui/engine_bridge_training.cpp" line="240"/>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="74"/>
        <source>You act as %1, who is not a user of this workspace, and may only read. Ask an admin to add you, or set an API token in the settings.</source>
        <translation>Sie handeln als %1, der kein Benutzer dieses Arbeitsbereichs ist, und dürfen nur lesen. Bitten Sie einen Admin, Sie hinzuzufügen, oder setzen Sie in den Einstellungen ein API-Token.</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="77"/>
        <source>Your role (%1) may not do this; it needs the engineer role or higher.</source>
        <translation>Ihre Rolle (%1) darf das nicht; dafür ist mindestens die Rolle Ingenieur nötig.</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="314"/>
        <source>Opening the workspace</source>
        <translation>Öffnen des Arbeitsbereichs</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="316"/>
        <source>Creating the workspace</source>
        <translation>Anlegen des Arbeitsbereichs</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="318"/>
        <source>Creating the demo workspace</source>
        <translation>Anlegen des Demo-Arbeitsbereichs</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="320"/>
        <source>Signing in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="322"/>
        <source>Loading models</source>
        <translation>Laden der Modelle</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="324"/>
        <source>Loading versions</source>
        <translation>Laden der Versionen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="326"/>
        <source>Loading the version</source>
        <translation>Laden der Version</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="328"/>
        <source>Comparing versions</source>
        <translation>Vergleichen der Versionen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="330"/>
        <source>Registering the version</source>
        <translation>Registrieren der Version</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="332"/>
        <source>Setting the alias</source>
        <translation>Setzen des Alias</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="334"/>
        <source>Archiving the version</source>
        <translation>Archivieren der Version</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="336"/>
        <source>Reading the data</source>
        <translation>Daten werden gelesen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="338"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="340"/>
        <source>Benchmarking</source>
        <translation>Benchmark läuft</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="342"/>
        <source>Loading benchmarks</source>
        <translation>Benchmarks werden geladen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="344"/>
        <source>Loading pipelines</source>
        <translation>Pipelines werden geladen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="346"/>
        <source>Loading the run</source>
        <translation>Lauf wird geladen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="348"/>
        <source>Running the pipeline</source>
        <translation>Pipeline läuft</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="350"/>
        <source>Cancelling the run</source>
        <translation>Lauf wird abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/engine_bridge.cpp" line="352"/>
        <source>Loading the validation report</source>
        <translation>Validierungsbericht wird geladen</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::HyperparameterForm</name>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="60"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="61"/>
        <source>binary classification</source>
        <translation>binäre Klassifikation</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="62"/>
        <source>multiclass classification</source>
        <translation>Mehrklassen-Klassifikation</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="63"/>
        <source>regression</source>
        <translation>Regression</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="66"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="67"/>
        <source>linear / logistic</source>
        <translation>linear / logistisch</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="71"/>
        <source>Sizes of the hidden layers, separated by commas</source>
        <translation>Größen der verborgenen Schichten, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="88"/>
        <source>never stop early</source>
        <translation>nie vorzeitig stoppen</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="91"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="93"/>
        <source>random, stratified</source>
        <translation>zufällig, stratifiziert</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="94"/>
        <source>by the timestamp column</source>
        <translation>nach der Zeitstempelspalte</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="109"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="110"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="111"/>
        <source>Hidden layers</source>
        <translation>Verborgene Schichten</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="112"/>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="113"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="114"/>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="115"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="117"/>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="118"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="119"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="120"/>
        <source>Patience</source>
        <translation>Geduld</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="121"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="122"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="123"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="128"/>
        <source>Share of rows for training</source>
        <translation>Anteil der Zeilen für das Training</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="129"/>
        <source>Share of rows for validation (early stopping)</source>
        <translation>Anteil der Zeilen für die Validierung (frühes Stoppen)</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="130"/>
        <source>Share of rows held out for the test metrics</source>
        <translation>Anteil der Zeilen, die für die Testmetriken zurückgehalten werden</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="136"/>
        <source>Train / validation / test</source>
        <translation>Training / Validierung / Test</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="198"/>
        <source>Hidden layers must be positive whole numbers separated by commas, such as 64,64.</source>
        <translation>Verborgene Schichten müssen positive ganze Zahlen sein, durch Kommas getrennt, etwa 64,64.</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="203"/>
        <source>The train, validation and test shares add up to %1 instead of 1.</source>
        <translation>Die Anteile für Training, Validierung und Test ergeben %1 statt 1.</translation>
    </message>
    <message>
        <location filename="../ui/train/hyperparameter_form.cpp" line="206"/>
        <source>A split by time needs a column with the role timestamp.</source>
        <translation>Eine Aufteilung nach Zeit braucht eine Spalte mit der Rolle Zeitstempel.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="53"/>
        <location filename="../ui/main_window.cpp" line="266"/>
        <source>ModelDeck</source>
        <translation>ModelDeck</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="163"/>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="167"/>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="171"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="175"/>
        <source>Open Drift &amp;Snapshot…</source>
        <translation>Drift-&amp;Snapshot öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="180"/>
        <source>&amp;Export Drift Snapshot…</source>
        <translation>Drift-Snapshot &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="184"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="189"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="194"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="195"/>
        <source>&amp;Filter</source>
        <translation>&amp;Filtern</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="202"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="213"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="214"/>
        <source>&amp;About ModelDeck</source>
        <translation>Ü&amp;ber ModelDeck</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="248"/>
        <source>No recent workspaces</source>
        <translation>Keine zuletzt geöffneten Arbeitsbereiche</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="252"/>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="263"/>
        <source>No workspace</source>
        <translation>Kein Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="271"/>
        <location filename="../ui/main_window.cpp" line="272"/>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="275"/>
        <source>User: %1 (%2)</source>
        <translation>Benutzer: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="277"/>
        <source>User: %1 (read only)</source>
        <translation>Benutzer: %1 (nur lesen)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279"/>
        <source>Signed in through %1</source>
        <translation>Angemeldet über %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="281"/>
        <source>%1 — ModelDeck</source>
        <translation>%1 — ModelDeck</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="286"/>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="292"/>
        <source>Creating a workspace in %1…</source>
        <translation>Arbeitsbereich in %1 wird angelegt…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="302"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="312"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="328"/>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="334"/>
        <source>%1 holds no ModelDeck workspace (modeldeck.db); use New Workspace to create one.</source>
        <translation>%1 enthält keinen ModelDeck-Arbeitsbereich (modeldeck.db); legen Sie mit „Neuer Arbeitsbereich“ einen an.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="345"/>
        <source>Choose a Folder for the New Workspace</source>
        <translation>Ordner für den neuen Arbeitsbereich wählen</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="385"/>
        <source>The new language takes effect when ModelDeck starts again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von ModelDeck.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::ModelListModel</name>
    <message>
        <location filename="../ui/models/model_list_model.cpp" line="80"/>
        <source>Owner: %1</source>
        <translation>Eigentümer: %1</translation>
    </message>
    <message>
        <location filename="../ui/models/model_list_model.cpp" line="101"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/models/model_list_model.cpp" line="103"/>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../ui/models/model_list_model.cpp" line="105"/>
        <source>Latest</source>
        <translation>Neueste</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::NewDeploymentDialog</name>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="30"/>
        <source>New Deployment</source>
        <translation>Neues Deployment</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="32"/>
        <source>e.g. churn-scoring</source>
        <translation>z. B. churn-scoring</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="33"/>
        <source>The name clients call (/v2/models/NAME/infer): 1 to 64 characters, lowercase letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>Der Name, den Clients aufrufen (/v2/models/NAME/infer): 1 bis 64 Zeichen, Kleinbuchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="39"/>
        <source>An alias is resolved once, now: later moves of the alias go through a rollout request.</source>
        <translation>Ein Alias wird einmal aufgelöst, jetzt: Spätere Änderungen des Alias laufen über eine Rollout-Anfrage.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="44"/>
        <source> rows</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="45"/>
        <source>Concurrent requests are merged into one model call of at most this many rows.</source>
        <translation>Gleichzeitige Anfragen werden zu einem Modellaufruf mit höchstens so vielen Zeilen zusammengefasst.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="50"/>
        <source> µs</source>
        <translation> µs</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="51"/>
        <source>How long a busy queue waits for more rows; an idle server never waits.</source>
        <translation>Wie lange eine ausgelastete Warteschlange auf weitere Zeilen wartet; ein freier Server wartet nie.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="57"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="58"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="59"/>
        <source>&amp;Serves:</source>
        <translation>&amp;Stellt bereit:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="60"/>
        <source>Max &amp;batch size:</source>
        <translation>Max. &amp;Batchgröße:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="61"/>
        <source>Max queue &amp;delay:</source>
        <translation>Max. Warte&amp;zeit:</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="63"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="94"/>
        <source>The models could not be read: %1</source>
        <translation>Die Modelle konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="98"/>
        <source>Nothing was created: %1</source>
        <translation>Nichts wurde angelegt: %1</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="114"/>
        <source>The workspace has no model version to deploy yet: register one in the Registry panel first.</source>
        <translation>Der Arbeitsbereich hat noch keine Modellversion zum Bereitstellen: Registrieren Sie zuerst eine im Registry-Bereich.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="131"/>
        <source>@%1 (now version %2)</source>
        <translation>@%1 (jetzt Version %2)</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="134"/>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="143"/>
        <source>Give the deployment a name.</source>
        <translation>Geben Sie dem Deployment einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="145"/>
        <source>&apos;%1&apos; is not a valid name: use 1 to 64 characters, lowercase letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, starting with a letter or digit.</source>
        <translation>&apos;%1&apos; ist kein gültiger Name: 1 bis 64 Zeichen, Kleinbuchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="149"/>
        <source>Choose the model to deploy.</source>
        <translation>Wählen Sie das Modell, das bereitgestellt werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/deployments/new_deployment_dialog.cpp" line="151"/>
        <source>Choose the version or alias to serve.</source>
        <translation>Wählen Sie die Version oder den Alias, der bereitgestellt werden soll.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::PipelineRunView</name>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="58"/>
        <source>queued</source>
        <translation>wartend</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="60"/>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="80"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="62"/>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="82"/>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="64"/>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="84"/>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="328"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="66"/>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="90"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="68"/>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="78"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="86"/>
        <source>cached</source>
        <translation>aus dem Cache</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="88"/>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="99"/>
        <source>Re-run</source>
        <translation>Erneut ausführen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="100"/>
        <source>Re-run from step</source>
        <translation>Ab Schritt erneut ausführen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="101"/>
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="102"/>
        <source>Show in registry</source>
        <translation>In der Registry zeigen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="113"/>
        <source>Start a new run of the same definition and parameters</source>
        <translation>Einen neuen Lauf mit derselben Definition und denselben Parametern starten</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="115"/>
        <source>Run the selected step and every step after it again</source>
        <translation>Den gewählten Schritt und alle folgenden erneut ausführen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="118"/>
        <source>Open the version this step registered in the Registry</source>
        <translation>Die von diesem Schritt registrierte Version in der Registry öffnen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="127"/>
        <source>Expectation</source>
        <translation>Erwartung</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="127"/>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="127"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="127"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="130"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="130"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="130"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="130"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="136"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="137"/>
        <source>Validation report</source>
        <translation>Validierungsbericht</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="138"/>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="193"/>
        <source>Select a run to see its steps.</source>
        <translation>Wählen Sie einen Lauf, um seine Schritte zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="208"/>
        <source>Run %1 of %2: %3</source>
        <translation>Lauf %1 von %2: %3</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="302"/>
        <source>Step %1 (%2): %3, attempt %4</source>
        <translation>Schritt %1 (%2): %3, Versuch %4</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="328"/>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="331"/>
        <source>observed %1</source>
        <translation>beobachtet %1</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipeline_run_view.cpp" line="336"/>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::PipelinesPanel</name>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="53"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="54"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="60"/>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="62"/>
        <source>schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="64"/>
        <source>file change</source>
        <translation>Dateiänderung</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="66"/>
        <source>alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="88"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="89"/>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="90"/>
        <source>Run example pipeline</source>
        <translation>Beispiel-Pipeline starten</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="93"/>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="95"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="93"/>
        <source>Schedule (UTC)</source>
        <translation>Zeitplan (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="93"/>
        <source>Watched files</source>
        <translation>Überwachte Dateien</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="93"/>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="95"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="96"/>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="96"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="95"/>
        <source>Run</source>
        <comment>table column: the run&apos;s number</comment>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="96"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="96"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="103"/>
        <source>Pipeline file (.yaml) or the name of a stored pipeline</source>
        <translation>Pipeline-Datei (.yaml) oder der Name einer gespeicherten Pipeline</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="107"/>
        <source>Validate the Seattle weather data, train, compare with the champion, register and request a rollout</source>
        <translation>Die Seattle-Wetterdaten prüfen, trainieren, mit dem Champion vergleichen, registrieren und ein Rollout beantragen</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="115"/>
        <source>Pipeline:</source>
        <translation>Pipeline:</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="125"/>
        <source>Stored pipelines</source>
        <translation>Gespeicherte Pipelines</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="127"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="142"/>
        <source>Run a pipeline</source>
        <translation>Pipeline starten</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="143"/>
        <source>Pipelines (*.yaml *.yml)</source>
        <translation>Pipelines (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="202"/>
        <source>Pipelines</source>
        <translation>Pipelines</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="236"/>
        <source>Cannot write the example pipeline into %1.</source>
        <translation>Die Beispiel-Pipeline kann nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="278"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="346"/>
        <source>Run %1 of %2: %3</source>
        <translation>Lauf %1 von %2: %3</translation>
    </message>
    <message>
        <location filename="../ui/pipelines/pipelines_panel.cpp" line="351"/>
        <source>Run %1 of %2 succeeded.</source>
        <translation>Lauf %1 von %2 war erfolgreich.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::RegisterDialog</name>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="60"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="60"/>
        <location filename="../ui/registry/register_dialog.cpp" line="61"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="61"/>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="67"/>
        <source>Register Version</source>
        <translation>Version registrieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="74"/>
        <source>e.g. churn-classifier</source>
        <translation>z. B. churn-classifier</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="76"/>
        <source>An existing model, or a new name: 1 to 64 characters, lowercase letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Ein vorhandenes Modell oder ein neuer Name: 1 bis 64 Zeichen aus Kleinbuchstaben, Ziffern, „.“, „_“ und „-“, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="79"/>
        <source>What changed in this version (optional)</source>
        <translation>Was sich in dieser Version geändert hat (optional)</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="81"/>
        <source>The model file, e.g. model.pt</source>
        <translation>Die Modelldatei, z. B. model.pt</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="82"/>
        <location filename="../ui/registry/register_dialog.cpp" line="90"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="85"/>
        <source>TorchScript (checked by loading and running it once)</source>
        <translation>TorchScript (wird geprüft: einmal geladen und ausgeführt)</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="87"/>
        <source>Any file (not checked)</source>
        <translation>Beliebige Datei (ungeprüft)</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="89"/>
        <source>The signature, e.g. model.signature.json</source>
        <translation>Die Signatur, z. B. model.signature.json</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="99"/>
        <source>Register</source>
        <translation>Registrieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="104"/>
        <source>Close this dialog; a registration already running still finishes.</source>
        <translation>Diesen Dialog schließen; eine bereits laufende Registrierung wird trotzdem abgeschlossen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="127"/>
        <source>Nothing was registered: %1</source>
        <translation>Es wurde nichts registriert: %1</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="138"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="139"/>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="140"/>
        <source>&amp;Artifact:</source>
        <translation>&amp;Artefakt:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="141"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="142"/>
        <source>&amp;Signature:</source>
        <translation>&amp;Signatur:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="143"/>
        <source>M&amp;etrics:</source>
        <translation>M&amp;etriken:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="144"/>
        <source>&amp;Tags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="167"/>
        <source>Enter the name of the model.</source>
        <translation>Geben Sie den Namen des Modells ein.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="168"/>
        <source>&apos;%1&apos; is not a valid model name: use 1 to 64 lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>„%1“ ist kein gültiger Modellname: Verwenden Sie 1 bis 64 Kleinbuchstaben, Ziffern, „.“, „_“ oder „-“, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="175"/>
        <source>Choose the artifact file to register.</source>
        <translation>Wählen Sie die Artefaktdatei, die registriert werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="180"/>
        <source>Choose the signature file (JSON) that describes the model&apos;s inputs and outputs.</source>
        <translation>Wählen Sie die Signaturdatei (JSON), die Ein- und Ausgaben des Modells beschreibt.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="186"/>
        <source>Every metric needs a name.</source>
        <translation>Jede Metrik braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="190"/>
        <source>The value of metric &apos;%1&apos; is not a number: &apos;%2&apos;.</source>
        <translation>Der Wert der Metrik „%1“ ist keine Zahl: „%2“.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="197"/>
        <source>Every tag needs a name.</source>
        <translation>Jeder Tag braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="240"/>
        <source>Choose the Artifact</source>
        <translation>Artefakt wählen</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="242"/>
        <source>TorchScript (*.pt);;All files (*)</source>
        <translation>TorchScript (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="252"/>
        <source>Choose the Signature</source>
        <translation>Signatur wählen</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="253"/>
        <source>Signature (*.json);;All files (*)</source>
        <translation>Signatur (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/registry/register_dialog.cpp" line="274"/>
        <source>Registering: storing the artifact and checking it against the signature…</source>
        <translation>Registrierung läuft: Das Artefakt wird gespeichert und gegen die Signatur geprüft…</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::RegistryPanel</name>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="95"/>
        <source>Filter models (Ctrl+F)</source>
        <translation>Modelle filtern (Strg+F)</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="142"/>
        <source>Register Version…</source>
        <translation>Version registrieren…</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="144"/>
        <source>Set Alias…</source>
        <translation>Alias setzen…</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="146"/>
        <location filename="../ui/registry/registry_panel.cpp" line="508"/>
        <location filename="../ui/registry/registry_panel.cpp" line="567"/>
        <source>Archive</source>
        <translation>Archivieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="148"/>
        <location filename="../ui/registry/registry_panel.cpp" line="201"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="149"/>
        <source>Show archived</source>
        <translation>Archivierte zeigen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="211"/>
        <source>Registry</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="302"/>
        <location filename="../ui/registry/registry_panel.cpp" line="424"/>
        <source>Select a version to see its details.</source>
        <translation>Wählen Sie eine Version aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="303"/>
        <location filename="../ui/registry/registry_panel.cpp" line="369"/>
        <source>Select two versions and choose Compare.</source>
        <translation>Wählen Sie zwei Versionen aus und dann „Vergleichen“.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="367"/>
        <location filename="../ui/registry/registry_panel.cpp" line="531"/>
        <source>Select a model.</source>
        <translation>Wählen Sie ein Modell aus.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="367"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="390"/>
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n Version</numerusform>
            <numerusform>%n Versionen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="393"/>
        <source>Showing %1 of %2 versions; narrow the query to see the rest.</source>
        <translation>%1 von %2 Versionen werden gezeigt; schränken Sie die Abfrage ein, um die übrigen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="398"/>
        <source>This model has no versions yet.</source>
        <translation>Dieses Modell hat noch keine Versionen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="399"/>
        <source>This model has no active versions.</source>
        <translation>Dieses Modell hat keine aktiven Versionen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="419"/>
        <source>Two versions are selected: choose Compare to see them side by side.</source>
        <translation>Zwei Versionen sind ausgewählt: Mit „Vergleichen“ sehen Sie sie nebeneinander.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="422"/>
        <source>%n versions are selected.</source>
        <translation>
            <numerusform>%n Version ist ausgewählt.</numerusform>
            <numerusform>%n Versionen sind ausgewählt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="499"/>
        <source>Archive Version</source>
        <translation>Version archivieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="499"/>
        <source>Unarchive Version</source>
        <translation>Version wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="500"/>
        <source>Archive version %1 of %2?</source>
        <translation>Version %1 von %2 archivieren?</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="501"/>
        <source>Unarchive version %1 of %2?</source>
        <translation>Version %1 von %2 wiederherstellen?</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="505"/>
        <source>An archived version stays in the registry with its history and can be unarchived later. It cannot carry an alias.</source>
        <translation>Eine archivierte Version bleibt mit ihrem Verlauf im Register und kann später wiederhergestellt werden. Sie kann keinen Alias tragen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="507"/>
        <source>The version becomes active again and can carry aliases.</source>
        <translation>Die Version wird wieder aktiv und kann Aliase tragen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="508"/>
        <location filename="../ui/registry/registry_panel.cpp" line="567"/>
        <source>Unarchive</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="527"/>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="529"/>
        <source>This workspace has no models yet. Register a version to create one.</source>
        <translation>Dieser Arbeitsbereich hat noch keine Modelle. Registrieren Sie eine Version, um eines anzulegen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="541"/>
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n Modell</numerusform>
            <numerusform>%n Modelle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/registry_panel.cpp" line="543"/>
        <source>%1 of %n model(s)</source>
        <translation>
            <numerusform>%1 von %n Modell</numerusform>
            <numerusform>%1 von %n Modellen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="555"/>
        <source>Register a new version of a model</source>
        <translation>Eine neue Version eines Modells registrieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="561"/>
        <source>Select one version to point an alias at.</source>
        <translation>Wählen Sie genau eine Version aus, auf die ein Alias zeigen soll.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="563"/>
        <source>An archived version cannot carry an alias; unarchive it first.</source>
        <translation>Eine archivierte Version kann keinen Alias tragen; stellen Sie sie zuerst wieder her.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="565"/>
        <source>Point an alias such as champion at the selected version</source>
        <translation>Einen Alias wie champion auf die ausgewählte Version zeigen lassen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="572"/>
        <source>Select one version to archive or unarchive.</source>
        <translation>Wählen Sie genau eine Version zum Archivieren oder Wiederherstellen aus.</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="574"/>
        <source>Make the selected version active again</source>
        <translation>Die ausgewählte Version wieder aktivieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="575"/>
        <source>Archive the selected version</source>
        <translation>Die ausgewählte Version archivieren</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="579"/>
        <source>Compare the two selected versions</source>
        <translation>Die beiden ausgewählten Versionen vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/registry/registry_panel.cpp" line="580"/>
        <source>Select two versions (Ctrl+click) to compare them.</source>
        <translation>Wählen Sie zwei Versionen aus (Strg+Klick), um sie zu vergleichen.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::SchemaView</name>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="30"/>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="30"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="30"/>
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="30"/>
        <source>Distribution</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="30"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="50"/>
        <source>numeric</source>
        <translation>numerisch</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="52"/>
        <source>categorical</source>
        <translation>kategorial</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="54"/>
        <source>boolean</source>
        <translation>boolesch</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="56"/>
        <source>datetime</source>
        <translation>Datum/Zeit</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="65"/>
        <source>feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="67"/>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="69"/>
        <source>ignore</source>
        <translation>ignorieren</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="71"/>
        <source>timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="73"/>
        <source>sensitive attribute</source>
        <translation>sensibles Attribut</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/schema_view.cpp" line="143"/>
        <source>%n distinct value(s)</source>
        <translation>
            <numerusform>%n eindeutiger Wert</numerusform>
            <numerusform>%n eindeutige Werte</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/train/schema_view.cpp" line="150"/>
        <source>min %1, mean %2, max %3</source>
        <translation>Min. %1, Mittel %2, Max. %3</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::ScreenshotDriver</name>
    <message>
        <location filename="../ui/screenshot_driver.cpp" line="78"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../ui/screenshot_driver.cpp" line="389"/>
        <source>%1 did not load within two minutes.</source>
        <translation>%1 wurde nicht innerhalb von zwei Minuten geladen.</translation>
    </message>
    <message>
        <location filename="../ui/screenshot_driver.cpp" line="401"/>
        <source>Cannot save %1.</source>
        <translation>%1 kann nicht gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="20"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="23"/>
        <location filename="../ui/settings_dialog.cpp" line="28"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="29"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="30"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="33"/>
        <source>mdk_… (empty: act as your operating-system account)</source>
        <translation>mdk_… (leer: als Ihr Betriebssystemkonto handeln)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="37"/>
        <source>A new language takes effect when ModelDeck starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von ModelDeck.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="43"/>
        <source>The token is kept for this workspace only, in the settings file, in plain text.</source>
        <translation>Das Token gilt nur für diesen Arbeitsbereich und wird im Klartext in der Einstellungsdatei gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="45"/>
        <source>Open a workspace to set its API token.</source>
        <translation>Öffnen Sie einen Arbeitsbereich, um sein API-Token zu setzen.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="51"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="53"/>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="54"/>
        <source>API &amp;token:</source>
        <translation>API-&amp;Token:</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::TrainPanel</name>
    <message>
        <location filename="../ui/train/train_panel.cpp" line="28"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../ui/train/train_panel.cpp" line="29"/>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <location filename="../ui/train/train_panel.cpp" line="37"/>
        <source>Train &amp; Benchmark</source>
        <translation>Training &amp; Benchmark</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::TrainView</name>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="37"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>noch etwa %n s</numerusform>
            <numerusform>noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="38"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n min</numerusform>
            <numerusform>noch etwa %n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="62"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="104"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="105"/>
        <source>Open CSV…</source>
        <translation>CSV öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="107"/>
        <source>Choose a CSV file or drop one here.</source>
        <translation>Wählen Sie eine CSV-Datei oder ziehen Sie eine hierher.</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="130"/>
        <source>Model and training</source>
        <translation>Modell und Training</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="140"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="143"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="168"/>
        <source>Open CSV File</source>
        <translation>CSV-Datei öffnen</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="171"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="216"/>
        <source>%1 · %n row(s)</source>
        <translation>
            <numerusform>%1 · %n Zeile</numerusform>
            <numerusform>%1 · %n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="229"/>
        <source>Choose one column with the role target.</source>
        <translation>Wählen Sie genau eine Spalte mit der Rolle Ziel.</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="266"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="273"/>
        <source>Reading the data</source>
        <translation>Daten werden gelesen</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="275"/>
        <source>Preparing features</source>
        <translation>Merkmale werden vorbereitet</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="277"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="279"/>
        <source>Evaluating on the test rows</source>
        <translation>Auswertung auf den Testzeilen</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="281"/>
        <source>Writing the model package</source>
        <translation>Modellpaket wird geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="301"/>
        <source>%1 · epoch %2 of %3 · %4</source>
        <translation>%1 · Epoche %2 von %3 · %4</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/train_view.cpp" line="319"/>
        <source>Finished after %n epoch(s).</source>
        <translation>
            <numerusform>Nach %n Epoche fertig.</numerusform>
            <numerusform>Nach %n Epochen fertig.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="341"/>
        <source>Cancelled; nothing was registered.</source>
        <translation>Abgebrochen; nichts wurde registriert.</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="342"/>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/train/train_view.cpp" line="356"/>
        <source>Trained in the ModelDeck console on %1.</source>
        <translation>In der ModelDeck-Konsole auf %1 trainiert.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::TrainingResultView</name>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="30"/>
        <source>Register</source>
        <translation>Registrieren</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="37"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="37"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="37"/>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="47"/>
        <source>model name</source>
        <translation>Modellname</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="76"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="78"/>
        <source>Precision (macro)</source>
        <translation>Präzision (Makro)</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="80"/>
        <source>Recall (macro)</source>
        <translation>Recall (Makro)</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="82"/>
        <source>F1 (macro)</source>
        <translation>F1 (Makro)</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="84"/>
        <source>ROC AUC</source>
        <translation>ROC AUC</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="86"/>
        <source>Log loss</source>
        <translation>Log-Loss</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="88"/>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="90"/>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="92"/>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="103"/>
        <source>Train a model to see its test metrics here.</source>
        <translation>Trainieren Sie ein Modell, um hier seine Testmetriken zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/train/training_result_view.cpp" line="120"/>
        <source>%1 on %2 · rows: %3 train, %4 validation, %5 test, %6 dropped · %n epoch(s)</source>
        <translation>
            <numerusform>%1 auf %2 · Zeilen: %3 Training, %4 Validierung, %5 Test, %6 verworfen · %n Epoche</numerusform>
            <numerusform>%1 auf %2 · Zeilen: %3 Training, %4 Validierung, %5 Test, %6 verworfen · %n Epochen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="133"/>
        <location filename="../ui/train/training_result_view.cpp" line="140"/>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="167"/>
        <source>Registered as %1 version %2.</source>
        <translation>Registriert als %1 Version %2.</translation>
    </message>
    <message>
        <location filename="../ui/train/training_result_view.cpp" line="196"/>
        <source>A model name is 1–64 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Ein Modellname besteht aus 1–64 Kleinbuchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos; und beginnt mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::VersionDetailsView</name>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="30"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="31"/>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="32"/>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="33"/>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="34"/>
        <source>Aliases:</source>
        <translation>Aliase:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="35"/>
        <source>Registered:</source>
        <translation>Registriert:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="36"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="37"/>
        <source>Artifact:</source>
        <translation>Artefakt:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="38"/>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="39"/>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="40"/>
        <source>Training data (SHA-256):</source>
        <translation>Trainingsdaten (SHA-256):</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="41"/>
        <source>Training run:</source>
        <translation>Trainingslauf:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="42"/>
        <source>Parent version:</source>
        <translation>Vorgängerversion:</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="69"/>
        <source>Overview</source>
        <translation>Überblick</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="73"/>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="73"/>
        <source>Datatype</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="73"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="73"/>
        <source>Names</source>
        <translation>Namen</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="77"/>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="79"/>
        <source>Metrics &amp;&amp; Params</source>
        <translation>Metriken &amp;&amp; Parameter</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="83"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="83"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="83"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="83"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="88"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="89"/>
        <source>Select a version to see its details.</source>
        <translation>Wählen Sie eine Version aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="129"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="129"/>
        <location filename="../ui/registry/version_details_view.cpp" line="130"/>
        <location filename="../ui/registry/version_details_view.cpp" line="131"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="130"/>
        <source>Param</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="131"/>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="132"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="133"/>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="134"/>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="166"/>
        <location filename="../ui/registry/version_details_view.cpp" line="174"/>
        <location filename="../ui/registry/version_details_view.cpp" line="187"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="168"/>
        <source>archived on %1</source>
        <translation>archiviert am %1</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="169"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="176"/>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="181"/>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="183"/>
        <location filename="../ui/registry/version_details_view.cpp" line="185"/>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="205"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="205"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/version_details_view.cpp" line="214"/>
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n Klasse</numerusform>
            <numerusform>%n Klassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/registry/version_details_view.cpp" line="215"/>
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n Merkmal</numerusform>
            <numerusform>%n Merkmale</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/registry/version_details_view.cpp" line="219"/>
        <source>-1 marks a dimension of any size, such as the batch.</source>
        <translation>-1 kennzeichnet eine Dimension beliebiger Größe, etwa die des Batches.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::VersionTableModel</name>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="121"/>
        <source>archived</source>
        <translation>archiviert</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="150"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="152"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="154"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="156"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="158"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="160"/>
        <source>Aliases</source>
        <translation>Aliase</translation>
    </message>
    <message>
        <location filename="../ui/models/version_table_model.cpp" line="162"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::DriftFeatureView</name>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="41"/>
        <source>Save Rule…</source>
        <translation>Regel speichern…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="53"/>
        <source>Alert threshold; drag the dashed line in the chart to change it too</source>
        <translation>Alarmschwelle; auch durch Ziehen der gestrichelten Linie im Diagramm änderbar</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="76"/>
        <source>Threshold:</source>
        <translation>Schwelle:</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="141"/>
        <source>A snapshot is read-only: open the workspace to save rules</source>
        <translation>Ein Snapshot ist schreibgeschützt: Öffnen Sie den Arbeitsbereich, um Regeln zu speichern</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="174"/>
        <source>Select a feature in the heatmap</source>
        <translation>Wählen Sie ein Merkmal in der Heatmap</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="187"/>
        <source>%1: %2 per window</source>
        <translation>%1: %2 je Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="207"/>
        <source>Distribution</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="220"/>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="220"/>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="222"/>
        <source>%1: reference</source>
        <translation>%1: Referenz</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="223"/>
        <source>%1: reference against %2</source>
        <translation>%1: Referenz gegen %2</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_feature_view.cpp" line="230"/>
        <source>No back-test: no feature selected.</source>
        <translation>Kein Rückblick-Test: kein Merkmal gewählt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/drift/drift_feature_view.cpp" line="244"/>
        <source>At this threshold none of the %n past window(s) would have alerted.</source>
        <translation>
            <numerusform>Bei dieser Schwelle hätte keines der %n vergangenen Fenster alarmiert.</numerusform>
            <numerusform>Bei dieser Schwelle hätte keines der %n vergangenen Fenster alarmiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/drift/drift_feature_view.cpp" line="246"/>
        <source>At this threshold %1 of %n past window(s) would have alerted; the first at %2.</source>
        <translation>
            <numerusform>Bei dieser Schwelle hätten %1 von %n vergangenen Fenster alarmiert; das erste um %2.</numerusform>
            <numerusform>Bei dieser Schwelle hätten %1 von %n vergangenen Fenstern alarmiert; das erste um %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::DriftPanel</name>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="48"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="70"/>
        <source>All windows</source>
        <translation>Alle Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="71"/>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="72"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="73"/>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="74"/>
        <source>Show new windows as the server stores them</source>
        <translation>Neue Fenster zeigen, sobald der Server sie speichert</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="76"/>
        <source>Share of rows</source>
        <translation>Anteil der Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="77"/>
        <location filename="../ui/drift/drift_panel.cpp" line="406"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="82"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="85"/>
        <source>Heatmap…</source>
        <translation>Heatmap…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="86"/>
        <source>Feature Over Time…</source>
        <translation>Merkmal im Zeitverlauf…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="87"/>
        <source>Histogram…</source>
        <translation>Histogramm…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="88"/>
        <source>Data Quality…</source>
        <translation>Datenqualität…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="89"/>
        <source>Performance…</source>
        <translation>Leistung…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="90"/>
        <source>Fairness…</source>
        <translation>Fairness…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="94"/>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="95"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="104"/>
        <source>Snapshot…</source>
        <translation>Snapshot…</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="108"/>
        <source>Monitor:</source>
        <translation>Überwachung:</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="110"/>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="112"/>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="120"/>
        <source>Feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="121"/>
        <source>Data Quality</source>
        <translation>Datenqualität</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="122"/>
        <source>Performance</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="123"/>
        <source>Fairness</source>
        <translation>Fairness</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="153"/>
        <source>Saved the alert rule %1.</source>
        <translation>Alarmregel %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="158"/>
        <source>Exported the snapshot to %1.</source>
        <translation>Snapshot nach %1 exportiert.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="182"/>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="239"/>
        <source>There is no drift data to export.</source>
        <translation>Es gibt keine Drift-Daten zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="247"/>
        <source>Open Drift Snapshot</source>
        <translation>Drift-Snapshot öffnen</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="249"/>
        <source>Drift snapshots (%1);;All files (*)</source>
        <translation>Drift-Snapshots (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="257"/>
        <source>Export Drift Snapshot</source>
        <translation>Drift-Snapshot exportieren</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="258"/>
        <source>Drift snapshots (%1)</source>
        <translation>Drift-Snapshots (%1)</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="273"/>
        <source>No deployment or model version has drift windows yet.</source>
        <translation>Noch kein Deployment und keine Modellversion hat Drift-Fenster.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="406"/>
        <source>Loss or error</source>
        <translation>Verlust oder Fehler</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/drift/drift_panel.cpp" line="419"/>
        <source>%1 · %2 · %n row(s)</source>
        <translation>
            <numerusform>%1 · %2 · %n Zeile</numerusform>
            <numerusform>%1 · %2 · %n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="432"/>
        <source>Read-only snapshot: %1. Thresholds can be tried out here, but rules cannot be saved and no new windows arrive.</source>
        <translation>Schreibgeschützter Snapshot: %1. Schwellen lassen sich hier ausprobieren, aber Regeln nicht speichern, und es kommen keine neuen Fenster hinzu.</translation>
    </message>
    <message>
        <location filename="../ui/drift/drift_panel.cpp" line="437"/>
        <source>No drift data yet. Open a drift snapshot with File → Open Drift Snapshot…, or store monitoring windows in this workspace.</source>
        <translation>Noch keine Drift-Daten. Öffnen Sie einen Drift-Snapshot mit Datei → Drift-Snapshot öffnen… oder speichern Sie Überwachungsfenster in diesem Arbeitsbereich.</translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::FairnessView</name>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="40"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="40"/>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="40"/>
        <location filename="../ui/drift/fairness_view.cpp" line="110"/>
        <source>Predicted positive</source>
        <translation>Positiv vorhergesagt</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="41"/>
        <source>Ratio to reference</source>
        <translation>Verhältnis zur Referenz</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="41"/>
        <source>True positive rate</source>
        <translation>Richtig-positiv-Rate</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="42"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="65"/>
        <source>No fairness data: the model has no sensitive attribute, or no window is selected.</source>
        <translation>Keine Fairness-Daten: Das Modell hat kein sensibles Attribut, oder kein Fenster ist gewählt.</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="86"/>
        <source>Too small to judge (fewer than %1 rows)</source>
        <translation>Zu klein zum Beurteilen (weniger als %1 Zeilen)</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="88"/>
        <source>Ratio outside %1–%2</source>
        <translation>Verhältnis außerhalb %1–%2</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="91"/>
        <source>%1 (reference)</source>
        <translation>%1 (Referenz)</translation>
    </message>
    <message>
        <location filename="../ui/drift/fairness_view.cpp" line="112"/>
        <source>Attribute %1: every group within %2–%3 of the reference group %4.</source>
        <translation>Attribut %1: Jede Gruppe liegt innerhalb %2–%3 der Referenzgruppe %4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/drift/fairness_view.cpp" line="117"/>
        <source>Attribute %1: %n warning(s) in this window; reference group %2.</source>
        <translation>
            <numerusform>Attribut %1: %n Warnung in diesem Fenster; Referenzgruppe %2.</numerusform>
            <numerusform>Attribut %1: %n Warnungen in diesem Fenster; Referenzgruppe %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mdeck::ui::drift::SaveRuleDialog</name>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="22"/>
        <source>Save Alert Rule</source>
        <translation>Alarmregel speichern</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="30"/>
        <source> window(s)</source>
        <translation> Fenster</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="32"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="33"/>
        <source>Feature:</source>
        <translation>Merkmal:</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="34"/>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="35"/>
        <source>Threshold:</source>
        <translation>Schwelle:</translation>
    </message>
    <message>
        <location filename="../ui/drift/save_rule_dialog.cpp" line="36"/>
        <source>Fires after:</source>
        <translation>Löst aus nach:</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::ConfusionHeatmap</name>
    <message>
        <location filename="../widgets/confusion_heatmap.cpp" line="72"/>
        <source>No confusion matrix</source>
        <translation>Keine Konfusionsmatrix</translation>
    </message>
    <message>
        <location filename="../widgets/confusion_heatmap.cpp" line="93"/>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <location filename="../widgets/confusion_heatmap.cpp" line="97"/>
        <source>True</source>
        <translation>Tatsächlich</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::DistributionChart</name>
    <message>
        <location filename="../widgets/distribution_chart.cpp" line="44"/>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../widgets/distribution_chart.cpp" line="45"/>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <location filename="../widgets/distribution_chart.cpp" line="54"/>
        <source>Share of rows</source>
        <translation>Anteil der Zeilen</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::DriftHeatmap</name>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="150"/>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="151"/>
        <source>drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="152"/>
        <source>no drift</source>
        <translation>kein Drift</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="153"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Window: %2&lt;br&gt;Method: %3&lt;br&gt;Score: %4&lt;br&gt;Threshold: %5&lt;br&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Fenster: %2&lt;br&gt;Verfahren: %3&lt;br&gt;Wert: %4&lt;br&gt;Schwelle: %5&lt;br&gt;%6</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="159"/>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="326"/>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="239"/>
        <source>No drift windows to show</source>
        <translation>Keine Drift-Fenster vorhanden</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="291"/>
        <source>Windows (%1)</source>
        <translation>Fenster (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="322"/>
        <source>2× thr.</source>
        <translation>2× Schw.</translation>
    </message>
    <message>
        <location filename="../widgets/drift_heatmap.cpp" line="324"/>
        <source>threshold</source>
        <translation>Schwelle</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::DriftLineChart</name>
    <message>
        <location filename="../widgets/drift_line_chart.cpp" line="47"/>
        <source>statistic</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <location filename="../widgets/drift_line_chart.cpp" line="49"/>
        <source>alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location filename="../widgets/drift_line_chart.cpp" line="52"/>
        <source>reference mean ± 3σ</source>
        <translation>Referenzmittel ± 3σ</translation>
    </message>
    <message>
        <location filename="../widgets/drift_line_chart.cpp" line="302"/>
        <source>threshold %1</source>
        <translation>Schwelle %1</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::GroupRatioChart</name>
    <message>
        <location filename="../widgets/group_ratio_chart.cpp" line="94"/>
        <source>%1, ratio to reference group</source>
        <translation>%1, Verhältnis zur Referenzgruppe</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::InlineMessage</name>
    <message>
        <location filename="../widgets/inline_message.cpp" line="28"/>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::KeyValueEditor</name>
    <message>
        <location filename="../widgets/key_value_editor.cpp" line="16"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/key_value_editor.cpp" line="17"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/key_value_editor.cpp" line="26"/>
        <source>Add an empty row and start editing its key</source>
        <translation>Eine leere Zeile hinzufügen und ihren Schlüssel bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/key_value_editor.cpp" line="28"/>
        <source>Remove the selected rows</source>
        <translation>Die ausgewählten Zeilen entfernen</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::LatencyChart</name>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="27"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="28"/>
        <source>Latency per call (µs)</source>
        <translation>Latenz pro Aufruf (µs)</translation>
    </message>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="33"/>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="33"/>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="33"/>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <location filename="../widgets/latency_chart.cpp" line="33"/>
        <source>max</source>
        <translation>max</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::MetricDeltaChart</name>
    <message>
        <location filename="../widgets/metric_delta_chart.cpp" line="28"/>
        <source>Change from the first version (%)</source>
        <translation>Änderung gegenüber der ersten Version (%)</translation>
    </message>
    <message>
        <location filename="../widgets/metric_delta_chart.cpp" line="54"/>
        <source>better</source>
        <translation>besser</translation>
    </message>
    <message>
        <location filename="../widgets/metric_delta_chart.cpp" line="55"/>
        <source>worse</source>
        <translation>schlechter</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::RolloutChart</name>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="24"/>
        <source>Time since the rollout began (s)</source>
        <translation>Zeit seit Beginn des Rollouts (s)</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="25"/>
        <source>Traffic and error rate (%)</source>
        <translation>Verkehr und Fehlerrate (%)</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="27"/>
        <source>p99 latency (ms)</source>
        <translation>p99-Latenz (ms)</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="28"/>
        <source>Candidate traffic</source>
        <translation>Verkehr zum Kandidaten</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="28"/>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="28"/>
        <source>p99 latency</source>
        <translation>p99-Latenz</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="29"/>
        <source>Error-rate limit</source>
        <translation>Grenze der Fehlerrate</translation>
    </message>
    <message>
        <location filename="../widgets/rollout_chart.cpp" line="29"/>
        <source>p99 limit</source>
        <translation>p99-Grenze</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::ThroughputChart</name>
    <message>
        <location filename="../widgets/throughput_chart.cpp" line="17"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../widgets/throughput_chart.cpp" line="18"/>
        <source>Rows per second</source>
        <translation>Zeilen pro Sekunde</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::TimeSeriesChart</name>
    <message>
        <location filename="../widgets/time_series_chart.cpp" line="162"/>
        <source>%1 (estimated)</source>
        <translation>%1 (geschätzt)</translation>
    </message>
</context>
<context>
    <name>mdeck::widgets::TrainingChart</name>
    <message>
        <location filename="../widgets/training_chart.cpp" line="23"/>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="24"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="26"/>
        <source>Validation metric</source>
        <translation>Validierungsmetrik</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="32"/>
        <source>train loss</source>
        <translation>Trainings-Loss</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="34"/>
        <source>validation loss</source>
        <translation>Validierungs-Loss</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="36"/>
        <source>validation metric</source>
        <translation>Validierungsmetrik</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="49"/>
        <source>Validation %1</source>
        <translation>Validierung: %1</translation>
    </message>
    <message>
        <location filename="../widgets/training_chart.cpp" line="50"/>
        <source>validation %1</source>
        <translation>Validierung: %1</translation>
    </message>
</context>
</TS>
