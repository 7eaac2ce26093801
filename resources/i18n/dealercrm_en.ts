<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>BulkActionsButton</name>
    <message numerus="yes">
        <source>%Ln contact(s) changed</source>
        <translation>
            <numerusform>%Ln contact changed</numerusform><numerusform>%Ln contacts changed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Give the %Ln selected contact(s) to:</source>
        <translation>
            <numerusform>Give the %Ln selected contact to:</numerusform><numerusform>Give the %Ln selected contacts to:</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Lifecycle of the %Ln contact(s):</source>
        <translation>
            <numerusform>Lifecycle of the %Ln contact:</numerusform><numerusform>Lifecycle of the %Ln contacts:</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) exported to {path}.</source>
        <translation>
            <numerusform>%Ln contact exported to {path}.</numerusform><numerusform>%Ln contacts exported to {path}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{when} — {who}: {what}, %Ln contact(s)</source>
        <translation>
            <numerusform>{when} — {who}: {what}, %Ln contact</numerusform><numerusform>{when} — {who}: {what}, %Ln contacts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Undone: %Ln contact(s) put back</source>
        <translation>
            <numerusform>Undone: %Ln contact put back</numerusform><numerusform>Undone: %Ln contacts put back</numerusform></translation>
    </message>
</context>
<context>
    <name>ContactDetailPane</name>
    <message numerus="yes">
        <source>{what}, in %n day(s)</source>
        <translation>
            <numerusform>{what}, in %n day</numerusform><numerusform>{what}, in %n days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n interaction(s) in 90 days</source>
        <translation>
            <numerusform>%n interaction in 90 days</numerusform><numerusform>%n interactions in 90 days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s)</source>
        <translation>
            <numerusform>%n purchase</numerusform><numerusform>%n purchases</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n open claim(s)</source>
        <translation>
            <numerusform>%n open claim</numerusform><numerusform>%n open claims</numerusform></translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform><numerusform>%Ln contacts</numerusform></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>%n rating(s)</source>
        <translation>
            <numerusform>%n rating</numerusform><numerusform>%n ratings</numerusform></translation>
    </message>
</context>
<context>
    <name>DataPrivacyTab</name>
    <message numerus="yes">
        <source>%Ln contact(s) past the retention period</source>
        <translation>
            <numerusform>%Ln contact past the retention period</numerusform><numerusform>%Ln contacts past the retention period</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Draft campaign “{name}” (#{id}) created for %Ln contact(s). Find it on the Campaigns page: check its message, then freeze its list there; the compliance check leaves out anyone who may not be contacted on that channel.</source>
        <translation>
            <numerusform>Draft campaign “{name}” (#{id}) created for %Ln contact. Find it on the Campaigns page: check its message, then freeze its list there; the compliance check leaves out anyone who may not be contacted on that channel.</numerusform><numerusform>Draft campaign “{name}” (#{id}) created for %Ln contacts. Find it on the Campaigns page: check its message, then freeze its list there; the compliance check leaves out anyone who may not be contacted on that channel.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Anonymise the %Ln contact(s) listed?

Each one is erased as by “Erase…”. You can stop between two contacts; those already done stay anonymised.</source>
        <translation>
            <numerusform>Anonymise the %Ln contact listed?

Each one is erased as by “Erase…”. You can stop between two contacts; those already done stay anonymised.</numerusform><numerusform>Anonymise the %Ln contacts listed?

Each one is erased as by “Erase…”. You can stop between two contacts; those already done stay anonymised.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %Ln contact(s) anonymised.</source>
        <translation>
            <numerusform>Stopped: %Ln contact anonymised.</numerusform><numerusform>Stopped: %Ln contacts anonymised.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s) anonymised.</source>
        <translation>
            <numerusform>%Ln contact anonymised.</numerusform><numerusform>%Ln contacts anonymised.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Ask %Ln contact(s) to confirm they want to keep hearing from us, by:</source>
        <translation>
            <numerusform>Ask %Ln contact to confirm they want to keep hearing from us, by:</numerusform><numerusform>Ask %Ln contacts to confirm they want to keep hearing from us, by:</numerusform></translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform><numerusform>%n rows</numerusform></translation>
    </message>
</context>
<context>
    <name>KanbanBoard</name>
    <message numerus="yes">
        <source>Won (latest %n)</source>
        <translation>
            <numerusform>Won (latest %n)</numerusform><numerusform>Won (latest %n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Lost (latest %n)</source>
        <translation>
            <numerusform>Lost (latest %n)</numerusform><numerusform>Lost (latest %n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) in stage</source>
        <translation>
            <numerusform>%n day in stage</numerusform><numerusform>%n days in stage</numerusform></translation>
    </message>
</context>
<context>
    <name>ListsDialog</name>
    <message numerus="yes">
        <source>Not understood: %Ln line(s) (first: “{first}”).</source>
        <translation>
            <numerusform>Not understood: %Ln line (first: “{first}”).</numerusform><numerusform>Not understood: %Ln lines (first: “{first}”).</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>⚠ %n overdue claim(s)</source>
        <translation>
            <numerusform>⚠ %n overdue claim</numerusform><numerusform>⚠ %n overdue claims</numerusform></translation>
    </message>
</context>
<context>
    <name>ObjectivesDialog</name>
    <message numerus="yes">
        <source>%Ln objective(s) copied from %1; cells already filled were kept. Save to keep them.</source>
        <translation>
            <numerusform>%Ln objective copied from %1; cells already filled were kept. Save to keep them.</numerusform><numerusform>%Ln objectives copied from %1; cells already filled were kept. Save to keep them.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%Ln objective(s) copied from %1. Save to keep them.</source>
        <translation>
            <numerusform>%Ln objective copied from %1. Save to keep them.</numerusform><numerusform>%Ln objectives copied from %1. Save to keep them.</numerusform></translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message numerus="yes">
        <source>Exported %n salesperson(s) to %1</source>
        <translation>
            <numerusform>Exported %n salesperson to %1</numerusform><numerusform>Exported %n salespeople to %1</numerusform></translation>
    </message>
</context>
<context>
    <name>SpendDialog</name>
    <message numerus="yes">
        <source>%Ln row(s) imported, %1 rejected.</source>
        <translation>
            <numerusform>%Ln row imported, %1 rejected.</numerusform><numerusform>%Ln rows imported, %1 rejected.</numerusform></translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n of your open claims are past their deadline.</source>
        <translation>
            <numerusform>%n of your open claims are past their deadline.</numerusform><numerusform>%n of your open claims are past their deadline.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n appointment(s) and test drive(s) saved to {file}.</source>
        <translation>
            <numerusform>%n appointment and test drive saved to {file}.</numerusform><numerusform>%n appointments and test drives saved to {file}.</numerusform></translation>
    </message>
</context>
<context>
    <name>VehiclePickerDialog</name>
    <message numerus="yes">
        <source>%n matching car(s)</source>
        <translation>
            <numerusform>%n matching car</numerusform><numerusform>%n matching cars</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n car(s) in stock</source>
        <translation>
            <numerusform>%n car in stock</numerusform><numerusform>%n cars in stock</numerusform></translation>
    </message>
</context>
</TS>