<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en_GB">
<context>
    <name>AccountTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/page.py" line="+131"/>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change password</source>
        <translation>Changer le mot de passe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current password</source>
        <translation>Mot de passe actuel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>Confirmer le nouveau mot de passe</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Interface language</source>
        <translation>Langue de l&apos;interface</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The new language applies the next time you start dealercrm.</source>
        <translation>La nouvelle langue s&apos;appliquera au prochain démarrage de dealercrm.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Language saved: it applies the next time you start dealercrm.</source>
        <translation>Langue enregistrée : elle s&apos;appliquera au prochain démarrage de dealercrm.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type your current password.</source>
        <translation>Saisissez votre mot de passe actuel.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two new passwords differ.</source>
        <translation>Les deux nouveaux mots de passe sont différents.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+1"/>
        <source>Your password has been changed.</source>
        <translation>Votre mot de passe a été modifié.</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/base.py" line="+91"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>type an amount in euros, e.g. 31 990</source>
        <translation>saisissez un montant en euros, par ex. 31 990</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../dealercrm/ui/settings/users.py" line="+144"/>
        <source>Add a user</source>
        <translation>Ajouter un utilisateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. julie.moreau</source>
        <translation>par ex. julie.moreau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Julie Moreau</source>
        <translation>par ex. Julie Moreau</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password again</source>
        <translation>Confirmer le mot de passe</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add user</source>
        <translation>Ajouter l&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe sont différents.</translation>
    </message>
</context>
<context>
    <name>AfterSalesPage</name>
    <message>
        <location filename="../../dealercrm/ui/aftersales/page.py" line="+86"/>
        <source>My claims</source>
        <translation>Mes réclamations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team queue</source>
        <translation>File de l&apos;équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+156"/>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>All claims</source>
        <translation>Toutes les réclamations</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New claim…</source>
        <translation>Nouvelle réclamation…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log a complaint from a plate, a VIN, a name or a phone (Ctrl+N)</source>
        <translation>Enregistrer une réclamation à partir d&apos;une immatriculation, d&apos;un VIN, d&apos;un nom ou d&apos;un téléphone (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Opened</source>
        <translation>Ouverte le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+193"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="-192"/>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unassigned</source>
        <translation>Non attribuée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Due {when}</source>
        <translation>Échéance : {when}</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>1 overdue claim</source>
        <translation>1 réclamation en retard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} overdue claims</source>
        <translation>{n} réclamations en retard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue ({n})</source>
        <translation>En retard ({n})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No open claim is assigned to you.
The team queue shows the others.</source>
        <translation>Aucune réclamation ouverte ne vous est attribuée.
La file de l&apos;équipe affiche les autres.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No open claim. Nothing is waiting for the after-sales desk.</source>
        <translation>Aucune réclamation ouverte. Rien n&apos;attend le service après-vente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No claim is overdue. Well done.</source>
        <translation>Aucune réclamation en retard. Bravo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No claim has been recorded yet.</source>
        <translation>Aucune réclamation n&apos;a encore été enregistrée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No claim in this category here.
Choose “All categories” to see the others.</source>
        <translation>Aucune réclamation de cette catégorie ici.
Choisissez « Toutes les catégories » pour voir les autres.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Assigned to</source>
        <translation>Attribuée à</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The claim is now “{now}”: it cannot go to “{wanted}” from there.</source>
        <translation>La réclamation est maintenant « {now} » : elle ne peut pas passer à « {wanted} » depuis cet état.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Claim #{id} is now “{status}”.</source>
        <translation>La réclamation n° {id} est maintenant « {status} ».</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Claim #{id} assigned to {name}.</source>
        <translation>Réclamation n° {id} attribuée à {name}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Claim #{id} is no longer assigned to anyone.</source>
        <translation>La réclamation n° {id} n&apos;est plus attribuée à personne.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Claim #{id} recorded, due {when}.</source>
        <translation>Réclamation n° {id} enregistrée, échéance {when}.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Save the claim as PDF</source>
        <translation>Enregistrer la réclamation en PDF</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Claim #{id} saved as {path}.</source>
        <translation>Réclamation n° {id} enregistrée sous {path}.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../dealercrm/app.py" line="+319"/>
        <source>dealercrm cannot start</source>
        <translation>dealercrm ne peut pas démarrer</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New database</source>
        <translation>Nouvelle base de données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no dealercrm database at
{path}</source>
        <translation>Il n&apos;y a pas de base dealercrm à l&apos;emplacement
{path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create a new database there? If you expected to find your dealership&apos;s data, choose Cancel and check the path you gave (--db or DEALERCRM_DB).</source>
        <translation>En créer une nouvelle à cet endroit ? Si vous pensiez y trouver les données de votre concession, choisissez Annuler et vérifiez le chemin indiqué (--db ou DEALERCRM_DB).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect to the dealership&apos;s server…</source>
        <translation>Se connecter au serveur de la concession…</translation>
    </message>
    <message>
        <location line="+484"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong.</source>
        <translation>Une erreur inattendue s&apos;est produite.</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <location filename="../../dealercrm/ui/areas.py" line="+36"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pipeline</source>
        <translation>Affaires</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vehicles</source>
        <translation>Véhicules</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>After-sales</source>
        <translation>Après-vente</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../dealercrm/ui/aftersales/page.py" line="+263"/>
        <source>Assign claim #{id}</source>
        <translation>Attribuer la réclamation n° {id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unassigned (team queue)</source>
        <translation>Non attribuée (file de l&apos;équipe)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Assign to</source>
        <translation>Attribuer à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for the history</source>
        <translation>Note pour l&apos;historique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign</source>
        <translation>Attribuer</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../dealercrm/ui/backup_scheduler.py" line="+62"/>
        <source>Automatic backup made at {when} ({s} s).</source>
        <translation>Sauvegarde automatique effectuée à {when} ({s} s).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic backup failed: {reason}</source>
        <translation>Échec de la sauvegarde automatique : {reason}</translation>
    </message>
</context>
<context>
    <name>BulkActionsButton</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/bulk.py" line="+54"/>
        <location line="+22"/>
        <location line="+16"/>
        <source>Selection</source>
        <translation>Sélection</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Act on the contacts selected in the list (Shift/Ctrl+click to select several)</source>
        <translation>Agir sur les contacts sélectionnés dans la liste (Maj/Ctrl+clic pour en sélectionner plusieurs)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assign to…</source>
        <translation>Attribuer à…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change lifecycle…</source>
        <translation>Changer le cycle de vie…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add to a campaign…</source>
        <translation>Ajouter à une campagne…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo a bulk action…</source>
        <translation>Annuler une action groupée…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select one or more contacts in the list first.</source>
        <translation>Sélectionnez d&apos;abord un ou plusieurs contacts dans la liste.</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%Ln contact(s) changed</source>
        <translation>
            <numerusform>%Ln contact modifié</numerusform>
            <numerusform>%Ln contacts modifiés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Give the %Ln selected contact(s) to:</source>
        <translation>
            <numerusform>Confier le contact sélectionné à :</numerusform>
            <numerusform>Confier les %Ln contacts sélectionnés à :</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Lifecycle of the %Ln contact(s):</source>
        <translation>
            <numerusform>Cycle de vie du contact :</numerusform>
            <numerusform>Cycle de vie des %Ln contacts :</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+52"/>
        <source>%Ln contact(s) exported to {path}.</source>
        <translation>
            <numerusform>%Ln contact exporté vers {path}.</numerusform>
            <numerusform>%Ln contacts exportés vers {path}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>{when} — {who}: {what}, %Ln contact(s)</source>
        <translation>
            <numerusform>{when} — {who} : {what}, %Ln contact</numerusform>
            <numerusform>{when} — {who} : {what}, %Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Undone: %Ln contact(s) put back</source>
        <translation>
            <numerusform>Annulé : %Ln contact rétabli</numerusform>
            <numerusform>Annulé : %Ln contacts rétablis</numerusform>
        </translation>
    </message>
    <message>
        <location line="-144"/>
        <source>, {n} left as they were</source>
        <translation>, {n} laissé(s) tel(s) quel(s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — Selection ▸ Undo to revert</source>
        <translation> — Sélection ▸ Annuler pour revenir en arrière</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Nobody (unassigned)</source>
        <translation>Personne (non attribué)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assign</source>
        <translation>Attribuer</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Change lifecycle</source>
        <translation>Changer le cycle de vie</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Lost</source>
        <translation>Perdu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why were they lost?</source>
        <translation>Pourquoi ont-ils été perdus ?</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No campaign is open: create one in Campaigns first.</source>
        <translation>Aucune campagne n&apos;est ouverte : créez-en d&apos;abord une dans Campagnes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add to a campaign</source>
        <translation>Ajouter à une campagne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Campaign:</source>
        <translation>Campagne :</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export contacts</source>
        <translation>Exporter les contacts</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No bulk action to undo.</source>
        <translation>Aucune action groupée à annuler.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Undo a bulk action</source>
        <translation>Annuler une action groupée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Undo:</source>
        <translation>Annuler :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>assigned</source>
        <translation>attribution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lifecycle changed</source>
        <translation>changement de cycle de vie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>added to a campaign</source>
        <translation>ajout à une campagne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, {n} changed since and left alone</source>
        <translation>, {n} modifié(s) depuis et laissé(s) tel(s) quel(s)</translation>
    </message>
</context>
<context>
    <name>CampaignBuilderDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/builder_dialog.py" line="+80"/>
        <source>Campaign builder</source>
        <translation>Générateur de campagne</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. Lease renewal, spring</source>
        <translation>par ex. Renouvellement de location, printemps</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nobody</source>
        <translation>Personne</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Objective</source>
        <translation>&amp;Objectif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O&amp;wner</source>
        <translation>&amp;Responsable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cost line</source>
        <translation>Poste de coût</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount (€)</source>
        <translation>Montant (€)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add line</source>
        <translation>Ajouter une ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filters below</source>
        <translation>Filtres ci-dessous</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Any</source>
        <translation>Indifférent</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+1"/>
        <source> months</source>
        <translation> mois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test drive done, no offer</source>
        <translation>Essai réalisé, sans offre</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Segment</source>
        <translation>&amp;Segment</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Lifecycle</source>
        <translation>Cycle de vie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person or company</source>
        <translation>Particulier ou société</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lease / loan ends within</source>
        <translation>Fin de location / crédit d&apos;ici</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contrôle technique due within</source>
        <translation>Contrôle technique à faire d&apos;ici</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not contacted for</source>
        <translation>Sans contact depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score at least</source>
        <translation>Score minimum</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Call script or message, with merge fields: {civilite} {nom} {vehicule} {echeance} {vendeur}</source>
        <translation>Script d&apos;appel ou message, avec champs de fusion : {civilite} {nom} {vehicule} {echeance} {vendeur}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Script / message</source>
        <translation>Script / message</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Check compliance</source>
        <translation>&amp;Vérifier la conformité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the list against the law before freezing it.</source>
        <translation>Vérifiez la conformité légale de la liste avant de la figer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+11"/>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Removed</source>
        <translation>Retirés</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Excluded contacts</source>
        <translation>Contacts exclus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Save draft</source>
        <translation>&amp;Enregistrer le brouillon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Freeze the list</source>
        <translation>&amp;Figer la liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By contact owner</source>
        <translation>Par commercial attitré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round-robin</source>
        <translation>À tour de rôle</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>S&amp;plit among callers</source>
        <translation>Ré&amp;partir entre les appelants</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Split</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Callers (phoning)</source>
        <translation>Appelants (phoning)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Call hours</source>
        <translation>Heures d&apos;appel</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Total: {amount}</source>
        <translation>Total : {amount}</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Freeze the list first, then split it among the callers.</source>
        <translation>Figez d&apos;abord la liste, puis répartissez-la entre les appelants.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{candidates} contacts match · {kept} kept · {removed} removed by the law</source>
        <translation>{candidates} contacts correspondent · {kept} retenus · {removed} retirés en application de la loi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bloctel: no list imported yet.</source>
        <translation>Bloctel : aucune liste importée pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bloctel list of {date} ({n} numbers).</source>
        <translation>Liste Bloctel du {date} ({n} numéros).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Does not apply to this kind of campaign.</source>
        <translation>Ne s&apos;applique pas à ce type de campagne.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import the latest Bloctel file before calling consumers.</source>
        <translation>Importez le dernier fichier Bloctel avant d&apos;appeler des consommateurs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is more than {days} days old: import a fresh one.</source>
        <translation>Il date de plus de {days} jours : importez-en un plus récent.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Excluded contacts ({n})</source>
        <translation>Contacts exclus ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excluded by the selected rule ({n})</source>
        <translation>Exclus par la règle sélectionnée ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>— first {n} shown</source>
        <translation>— {n} premiers affichés</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Freeze the list</source>
        <translation>Figer la liste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The list will be checked once more and written; it can no longer change. Go on?</source>
        <translation>La liste va être vérifiée une dernière fois puis enregistrée ; elle ne pourra plus être modifiée. Continuer ?</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>List frozen: {n} contacts to work.</source>
        <translation>Liste figée : {n} contacts à traiter.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{name}: {n}</source>
        <translation>{name} : {n}</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/page.py" line="+32"/>
        <source>All campaigns</source>
        <translation>Toutes les campagnes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New campaign…</source>
        <translation>&amp;Nouvelle campagne…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Builder…</source>
        <translation>&amp;Ciblage…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Phoning cockpit…</source>
        <translation>Cockpit de &amp;phoning…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Results…</source>
        <translation>&amp;Résultats…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit &amp;message…</source>
        <translation>Modifier le &amp;message…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Send…</source>
        <translation>&amp;Envoyer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Opt-outs &amp;&amp; Bloctel…</source>
        <translation>&amp;Oppositions &amp;&amp; Bloctel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMTP se&amp;ttings…</source>
        <translation>Paramè&amp;tres SMTP…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+40"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+207"/>
        <source>Targets</source>
        <translation>Cibles</translation>
    </message>
    <message>
        <location line="-202"/>
        <source>{n} more were excluded by the compliance check.</source>
        <translation>{n} autres cibles ont été exclues par le contrôle de conformité.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reached</source>
        <translation>Joints</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Appointments</source>
        <translation>Rendez-vous</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Every target</source>
        <translation>Toutes les cibles</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caller</source>
        <translation>Appelant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not assigned</source>
        <translation>Non attribué</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last outcome</source>
        <translation>Dernier résultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last attempt</source>
        <translation>Dernière tentative</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Rappel</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Freeze the list in the builder before sending.</source>
        <translation>Figez la liste dans l&apos;outil de ciblage avant l&apos;envoi.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No campaign yet.
Marketing builds campaigns from a segment of contacts.</source>
        <translation>Aucune campagne pour l&apos;instant.
Le marketing crée les campagnes à partir d&apos;un segment de contacts.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No campaign has this status.
Choose “All campaigns” to see the others.</source>
        <translation>Aucune campagne n&apos;a ce statut.
Choisissez « Toutes les campagnes » pour voir les autres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 campaign running</source>
        <translation>1 campagne en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} campaigns running</source>
        <translation>{n} campagnes en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No campaign running</source>
        <translation>Aucune campagne en cours</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>from {start}</source>
        <translation>à partir du {start}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{start} – {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} ({rate})</source>
        <translation>{n} ({rate})</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Targets of “{name}”</source>
        <translation>Cibles de « {name} »</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Select a campaign to see the contacts it targets.</source>
        <translation>Sélectionnez une campagne pour voir les contacts qu&apos;elle cible.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This campaign has no target yet: its list is built when it is frozen.</source>
        <translation>Cette campagne n&apos;a pas encore de cible : sa liste est constituée lorsqu&apos;elle est figée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No target has this status.</source>
        <translation>Aucune cible n&apos;a ce statut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Excluded: {reason}</source>
        <translation>Exclue : {reason}</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location filename="../../dealercrm/ui/widgets/chart.py" line="+235"/>
        <source>The chart could not be drawn.</source>
        <translation>Le graphique n’a pas pu être dessiné.</translation>
    </message>
</context>
<context>
    <name>ClaimDeadline</name>
    <message>
        <location filename="../../dealercrm/ui/aftersales/page.py" line="-253"/>
        <source>Overdue by {d} d {h} h</source>
        <translation>En retard de {d} j {h} h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue by {h} h {m} min</source>
        <translation>En retard de {h} h {m} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue by {m} min</source>
        <translation>En retard de {m} min</translation>
    </message>
</context>
<context>
    <name>ClaimDetailPane</name>
    <message>
        <location line="+45"/>
        <source>No claim selected</source>
        <translation>Aucune réclamation sélectionnée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a claim in the list to see its description and history.</source>
        <translation>Sélectionnez une réclamation dans la liste pour voir sa description et son historique.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Start work</source>
        <translation>Commencer le traitement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for customer</source>
        <translation>En attente du client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for parts</source>
        <translation>En attente de pièces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve…</source>
        <translation>Résoudre…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close…</source>
        <translation>Clôturer…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assign…</source>
        <translation>Attribuer…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For the workshop…</source>
        <translation>Pour l&apos;atelier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For the customer…</source>
        <translation>Pour le client…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reopen</source>
        <translation>Rouvrir</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Claim #{id} · {category}</source>
        <translation>Réclamation n° {id} · {category}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>Ouverte le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened by</source>
        <translation>Ouverte par</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unassigned</source>
        <translation>Non attribuée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not resolved yet.</source>
        <translation>Pas encore résolue.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>Résolue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Closed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n}/5</source>
        <translation>{n}/5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not asked</source>
        <translation>non demandée</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Goodwill</source>
        <translation>Geste commercial</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No event recorded.</source>
        <translation>Aucun événement enregistré.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Claim opened</source>
        <translation>Réclamation ouverte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened as “{to}”</source>
        <translation>Ouverte en « {to} »</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{from_} → {to}</source>
        <translation>{from_} → {to}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assigned to {name}</source>
        <translation>Attribuée à {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No longer assigned</source>
        <translation>Plus attribuée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Claim</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
</context>
<context>
    <name>CockpitDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/cockpit.py" line="+69"/>
        <source>Phoning cockpit</source>
        <translation>Poste de phoning</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Dial</source>
        <translation>&amp;Composer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opens the telephony application (Ctrl+D)</source>
        <translation>Ouvre l&apos;application de téléphonie (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Call duration</source>
        <translation>Durée de l&apos;appel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call time</source>
        <translation>Heure de l&apos;appel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due date</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Notes on the call (Ctrl+1…8 records the outcome from here)</source>
        <translation>Notes sur l&apos;appel (Ctrl+1…8 enregistre le résultat depuis ici)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Appointment / call back &amp;at</source>
        <translation>Rendez-vous / rappel &amp;le</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Key {n} (Ctrl+{n} while typing a note)</source>
        <translation>Touche {n} (Ctrl+{n} pendant la saisie d&apos;une note)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Recent history</source>
        <translation>Historique récent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Script</source>
        <translation>Script</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Interested</source>
        <translation>Intéressé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appointment booked</source>
        <translation>Rendez-vous pris</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back at…</source>
        <translation>Rappeler le…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not interested</source>
        <translation>Pas intéressé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong number</source>
        <translation>Faux numéro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No answer</source>
        <translation>Pas de réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voicemail</source>
        <translation>Messagerie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Do not call again</source>
        <translation>Ne plus appeler</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No phoning campaign has contacts for you to call.</source>
        <translation>Aucune campagne de phoning n&apos;a de contacts à vous faire appeler.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To call now</source>
        <translation>À appeler maintenant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered</source>
        <translation>Non proposés</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>You: %v of %m done</source>
        <translation>Vous : %v sur %m traités</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing assigned to you</source>
        <translation>Rien ne vous est attribué</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: {done} of {targets} done · {reached} reached · {appointments} appointments</source>
        <translation>Campagne : {done} sur {targets} traités · {reached} joints · {appointments} rendez-vous</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name}: {done}/{assigned} done, {reached} reached, {appointments} appointments</source>
        <translation>{name} : {done}/{assigned} traités, {reached} joints, {appointments} rendez-vous</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>(attempts: {n})</source>
        <translation>(tentatives : {n})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Asked to be called back at {when}</source>
        <translation>A demandé à être rappelé : {when}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(until {when})</source>
        <translation>(jusqu&apos;à {when})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Everyone on your list may be called now.</source>
        <translation>Tous les contacts de votre liste peuvent être appelés maintenant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To call now ({n})</source>
        <translation>À appeler maintenant ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered ({n})</source>
        <translation>Non proposés ({n})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>never (check the settings)</source>
        <translation>jamais (vérifiez les paramètres)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Calls are allowed on weekdays except public holidays, 10:00–13:00 and 14:00–20:00.
The next calling window opens {when}.</source>
        <translation>Les appels sont autorisés en semaine, hors jours fériés, 10:00–13:00 et 14:00–20:00.
Prochaine plage d&apos;appel : {when}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nobody left to call now. Well done!
The list on the left says why the others wait.</source>
        <translation>Plus personne à appeler pour l&apos;instant. Bravo !
La liste de gauche indique pourquoi les autres attendent.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>owner {name}</source>
        <translation>commercial attitré : {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>score {n}</source>
        <translation>score {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} earlier attempts, last: {outcome}</source>
        <translation>{n} tentatives précédentes, dernière : {outcome}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No number</source>
        <translation>Aucun numéro</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No earlier interaction</source>
        <translation>Aucun échange précédent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This campaign has no script.</source>
        <translation>Cette campagne n&apos;a pas de script.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not known for this contact: {fields} — say it in your own words.</source>
        <translation>Inconnu pour ce contact : {fields} — dites-le avec vos propres mots.</translation>
    </message>
</context>
<context>
    <name>ConnectServerDialog</name>
    <message>
        <location filename="../../dealercrm/ui/connect_server_dialog.py" line="+115"/>
        <source>Connected: the server and its database are ready.</source>
        <translation>Connecté : le serveur et sa base de données sont prêts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The PostgreSQL driver (psycopg) is not installed on this workstation: install it with pip install &apos;dealercrm[postgres]&apos;, then start dealercrm again.</source>
        <translation>Le pilote PostgreSQL (psycopg) n&apos;est pas installé sur ce poste : installez-le avec pip install &apos;dealercrm[postgres]&apos;, puis relancez dealercrm.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server {host}:{port} cannot be reached: check its name and port, the network, and that PostgreSQL is running and accepts connections from this workstation.</source>
        <translation>Le serveur {host}:{port} est injoignable : vérifiez son nom et son port, le réseau, et que PostgreSQL est démarré et accepte les connexions de ce poste.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server asks for {user}&apos;s password and none was found: type it here (it goes to the system keyring), or put it in ~/.pgpass.</source>
        <translation>Le serveur demande le mot de passe de {user} et aucun n&apos;a été trouvé : saisissez-le ici (il sera rangé dans le trousseau du système), ou mettez-le dans ~/.pgpass.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the password for {user}: check it with the administrator.</source>
        <translation>Le serveur a refusé le mot de passe de {user} : vérifiez-le auprès de l&apos;administrateur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server has no user {user}: check the name, or ask the administrator to create it.</source>
        <translation>Le serveur n&apos;a pas d&apos;utilisateur {user} : vérifiez le nom, ou demandez à l&apos;administrateur de le créer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server has no database {database}: check its name, or ask the administrator to create it.</source>
        <translation>Le serveur n&apos;a pas de base de données {database} : vérifiez son nom, ou demandez à l&apos;administrateur de la créer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The user {user} may not use the dealership&apos;s tables of {database}: ask the administrator to grant it the rights (see the README, &quot;Several workstations&quot;).</source>
        <translation>L&apos;utilisateur {user} n&apos;a pas le droit d&apos;utiliser les tables de la concession dans {database} : demandez à l&apos;administrateur de lui donner les droits (voir le README, « Several workstations »).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secure (TLS) connection failed: check the TLS mode with the administrator (the server may not offer TLS, or its certificate is not trusted by this workstation).</source>
        <translation>La connexion sécurisée (TLS) a échoué : vérifiez le mode TLS avec l&apos;administrateur (le serveur ne propose peut-être pas TLS, ou ce poste ne reconnaît pas son certificat).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connected, but the database {database} is empty: connecting sets it up as a new dealership (the administrator usually does this with `dealercrm db upgrade`).</source>
        <translation>Connecté, mais la base de données {database} est vide : la connexion la préparera pour une nouvelle concession (d&apos;habitude, l&apos;administrateur le fait avec `dealercrm db upgrade`).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s database is older than this version of dealercrm (schema {revision}): the administrator must run `dealercrm db upgrade` before this workstation can connect.</source>
        <translation>La base de données du serveur est plus ancienne que cette version de dealercrm (schéma {revision}) : l&apos;administrateur doit lancer `dealercrm db upgrade` avant que ce poste puisse s&apos;y connecter.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s database was upgraded by a newer dealercrm (schema {revision}): this workstation needs that version of dealercrm or newer (this one is {version}).</source>
        <translation>La base de données du serveur a été mise à jour par un dealercrm plus récent (schéma {revision}) : ce poste a besoin de cette version de dealercrm ou d&apos;une plus récente (celle-ci est la {version}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+231"/>
        <source>The connection failed: {detail}</source>
        <translation>La connexion a échoué : {detail}</translation>
    </message>
    <message>
        <location line="-228"/>
        <source>The server&apos;s database was upgraded by dealercrm {needed} (schema {revision}): this workstation needs dealercrm {needed} or newer (this one is {version}).</source>
        <translation>La base du serveur a été mise à jour par dealercrm {needed} (schéma {revision}) : ce poste a besoin de dealercrm {needed} ou plus récent (celui-ci est en {version}).</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+4"/>
        <source>Connect to the dealership&apos;s server</source>
        <translation>Se connecter au serveur de la concession</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Several workstations share the dealership&apos;s PostgreSQL database. Ask the administrator for these details.</source>
        <translation>Plusieurs postes partagent la base PostgreSQL de la concession. Demandez ces informations à l&apos;administrateur.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. crm-server or 192.168.1.10</source>
        <translation>ex. serveur-crm ou 192.168.1.10</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. marie</source>
        <translation>ex. marie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>prefer: encrypted when the server offers it</source>
        <translation>prefer : chiffrée si le serveur le propose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>require: always encrypted</source>
        <translation>require : toujours chiffrée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>verify-full: encrypted, and the server&apos;s certificate checked</source>
        <translation>verify-full : chiffrée, et certificat du serveur vérifié</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>disable: not encrypted (local network only)</source>
        <translation>disable : non chiffrée (réseau local seulement)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: the saved one (keyring or ~/.pgpass)</source>
        <translation>vide : celui enregistré (trousseau ou ~/.pgpass)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remember the password in the system keyring</source>
        <translation>Retenir le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Server</source>
        <translation>&amp;Serveur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Database</source>
        <translation>&amp;Base de données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User</source>
        <translation>&amp;Utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Encryption (TLS)</source>
        <translation>C&amp;hiffrement (TLS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Test the connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Fill in the server, the database and the user.</source>
        <translation>Renseignez le serveur, la base de données et l&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No system keyring is available on this computer: a password typed here is kept in memory until dealercrm closes, never written to a file. To avoid typing it at each start, put it in ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows).</source>
        <translation>Aucun trousseau système n&apos;est disponible sur cet ordinateur : un mot de passe saisi ici est gardé en mémoire jusqu&apos;à la fermeture de dealercrm, jamais écrit dans un fichier. Pour ne pas le saisir à chaque démarrage, mettez-le dans ~/.pgpass (%APPDATA%\postgresql\pgpass.conf sous Windows).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>saved in the keyring (leave empty to keep it)</source>
        <translation>enregistré dans le trousseau (laisser vide pour le garder)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Trying the server…</source>
        <translation>Essai du serveur…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The password could not be saved in the system keyring: it is kept in memory until dealercrm closes. Put it in ~/.pgpass to avoid typing it at each start. Click Connect again to go on.</source>
        <translation>Le mot de passe n&apos;a pas pu être enregistré dans le trousseau du système : il est gardé en mémoire jusqu&apos;à la fermeture de dealercrm. Mettez-le dans ~/.pgpass pour ne pas le saisir à chaque démarrage. Cliquez à nouveau sur Se connecter pour continuer.</translation>
    </message>
</context>
<context>
    <name>ConnectionMonitor</name>
    <message>
        <location filename="../../dealercrm/ui/connection_monitor.py" line="+77"/>
        <source>Connection to the server lost - reconnecting…</source>
        <translation>Connexion au serveur perdue - reconnexion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What is on screen stays as it is; saving works again once the server answers.</source>
        <translation>Ce qui est affiché reste tel quel ; l&apos;enregistrement refonctionnera dès que le serveur répondra.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Reconnected to the server.</source>
        <translation>Reconnecté au serveur.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Attempt {count} failed ({problem}); next attempt in {seconds} s.</source>
        <translation>Tentative {count} échouée ({problem}) ; prochaine tentative dans {seconds} s.</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/consent.py" line="+24"/>
        <source>Record a consent</source>
        <translation>Enregistrer un consentement</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signed form at the showroom</source>
        <translation>Formulaire signé en showroom</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>&amp;Channel</source>
        <translation>&amp;Canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Purpose</source>
        <translation>&amp;Finalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Answer</source>
        <translation>&amp;Réponse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;roof</source>
        <translation>&amp;Preuve</translation>
    </message>
</context>
<context>
    <name>ContactDetailPane</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/detail.py" line="+144"/>
        <source>Log call</source>
        <translation>Noter un appel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log a phone call and how it went (Ctrl+L)</source>
        <translation>Noter un appel téléphonique et son résultat (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visit…</source>
        <translation>Visite…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log a showroom visit or a test drive</source>
        <translation>Noter une visite en showroom ou un essai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan…</source>
        <translation>Planifier…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Plan a call back, appointment or test drive</source>
        <translation>Planifier un rappel, un rendez-vous ou un essai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit this contact (Ctrl+E)</source>
        <translation>Modifier ce contact (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>More</source>
        <translation>Plus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log a quote…</source>
        <translation>Noter un devis…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log a test drive…</source>
        <translation>Noter un essai…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New opportunity…</source>
        <translation>Nouvelle affaire…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a claim…</source>
        <translation>Ouvrir une réclamation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record a consent…</source>
        <translation>Enregistrer un consentement…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find duplicates / merge…</source>
        <translation>Rechercher les doublons / fusionner…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Full page</source>
        <translation>Fiche complète</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The whole customer file on the page (Enter in the list); Esc: back</source>
        <translation>Toute la fiche client sur la page (Entrée dans la liste) ; Échap : retour</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How to reach</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional profile</source>
        <translation>Profil professionnel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs</source>
        <translation>Besoins</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consents</source>
        <translation>Consentements</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open opportunities</source>
        <translation>Affaires en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned tasks</source>
        <translation>Tâches planifiées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicles owned</source>
        <translation>Véhicules possédés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purchases</source>
        <translation>Achats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claims</source>
        <translation>Réclamations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show older interactions</source>
        <translation>Afficher les échanges plus anciens</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>No contact selected</source>
        <translation>Aucun contact sélectionné</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select a contact in the list to see their details, opportunities and history.</source>
        <translation>Sélectionnez un contact dans la liste pour afficher sa fiche, ses affaires et son historique.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Owner: {name}</source>
        <translation>Commercial attitré : {name}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No owner</source>
        <translation>Aucun commercial attitré</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Score {score}/100</source>
        <translation>Score {score}/100</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source: {source}</source>
        <translation>Source : {source}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landline</source>
        <translation>Fixe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prefers</source>
        <translation>Préfère</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the file since</source>
        <translation>Dans le fichier depuis</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Civility</source>
        <translation>Civilité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Born on</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SIREN</source>
        <translation>SIREN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wanted model</source>
        <translation>Modèle souhaité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Carrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in</source>
        <translation>Reprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing wanted</source>
        <translation>Financement souhaité</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost because</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No consent recorded: do not prospect this contact.</source>
        <translation>Aucun consentement enregistré : ne pas prospecter ce contact.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>closing {date}</source>
        <translation>conclusion prévue le {date}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No open opportunity.</source>
        <translation>Aucune affaire en cours.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing planned.</source>
        <translation>Rien de planifié.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>first registered {date}</source>
        <translation>première mise en circulation le {date}</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>%n interaction(s) in 90 days</source>
        <translation>
            <numerusform>%n interaction en 90 jours</numerusform>
            <numerusform>%n interactions en 90 jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="-132"/>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No vehicle recorded.</source>
        <translation>Aucun véhicule enregistré.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{financing}, ends {date}</source>
        <translation>{financing}, fin le {date}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Has not bought from us yet.</source>
        <translation>N&apos;a encore rien acheté chez nous.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No claim.</source>
        <translation>Aucune réclamation.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{what} {date}</source>
        <translation>{what} {date}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what} now ({km} km reached)</source>
        <translation>{what} maintenant ({km} km atteints)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{what} (ended)</source>
        <translation>{what} (terminé)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what}, overdue</source>
        <translation>{what}, en retard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what}, today</source>
        <translation>{what}, aujourd&apos;hui</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>{what}, in %n day(s)</source>
        <translation>
            <numerusform>{what}, dans %n jour</numerusform>
            <numerusform>{what}, dans %n jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Purchase within 90 days: {p}</source>
        <translation>Achat sous 90 jours : {p}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not scored yet.</source>
        <translation>Pas encore de score.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>opportunity at stage “{stage}”</source>
        <translation>affaire à l&apos;étape « {stage} »</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starting score</source>
        <translation>score de départ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>contacted on {date}</source>
        <translation>contacté le {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no contact for {days} days</source>
        <translation>aucun contact depuis {days} jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never contacted</source>
        <translation>jamais contacté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>test drive on {date}</source>
        <translation>essai le {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>budget stated: {amount}</source>
        <translation>budget indiqué : {amount}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n purchase(s)</source>
        <translation>
            <numerusform>%n achat</numerusform>
            <numerusform>%n achats</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{amount} bought</source>
        <translation>{amount} d&apos;achats</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n open claim(s)</source>
        <translation>
            <numerusform>%n réclamation ouverte</numerusform>
            <numerusform>%n réclamations ouvertes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agrees to be contacted</source>
        <translation>accepte d&apos;être contacté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refuses to be contacted</source>
        <translation>refuse d&apos;être contacté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked lost</source>
        <translation>marqué comme perdu</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No interaction recorded yet.</source>
        <translation>Aucun échange enregistré pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{kind} (inbound)</source>
        <translation>{kind} (entrant)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{kind}: {outcome}</source>
        <translation>{kind} : {outcome}</translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/edit_dialog.py" line="+100"/>
        <source>New contact</source>
        <translation>Nouveau contact</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit {name}</source>
        <translation>Modifier {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>9 digits (or the SIRET)</source>
        <translation>9 chiffres (ou le SIRET)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>06 12 34 56 78</source>
        <translation>06 12 34 56 78</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>name@example.fr</source>
        <translation>nom@exemple.fr</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+171"/>
        <source>No owner</source>
        <translation>Aucun commercial attitré</translation>
    </message>
    <message>
        <location line="-169"/>
        <source>e.g. 30 000</source>
        <translation>ex. 30 000</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Has a car to trade in</source>
        <translation>A un véhicule à faire reprendre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wants financing</source>
        <translation>Souhaite un financement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Civility</source>
        <translation>Civilité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;First name</source>
        <translation>&amp;Prénom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ompany</source>
        <translation>S&amp;ociété</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIREN</source>
        <translation>SIREN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Born on</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Mobile</source>
        <translation>&amp;Mobile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landline</source>
        <translation>Fixe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Postal code</source>
        <translation>&amp;Code postal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ity</source>
        <translation>&amp;Ville</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Source</source>
        <translation>&amp;Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lifecycle</source>
        <translation>Cycle de vie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost because</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Commercial attitré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Budget (€)</source>
        <translation>&amp;Budget (€)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wanted model</source>
        <translation>Modèle souhaité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Carrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How to reach</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs and follow-up</source>
        <translation>Besoins et suivi</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>• {name} — {phone} {email} ({percent} %)</source>
        <translation>• {name} — {phone} {email} ({percent} %)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Maybe already in the file</source>
        <translation>Peut-être déjà dans le fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These contacts look like the one you are creating:</source>
        <translation>Ces contacts ressemblent à celui que vous créez :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open {name}</source>
        <translation>Ouvrir {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add to {name}</source>
        <translation>Compléter la fiche de {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write what you typed where {name}&apos;s file is empty; nothing there is overwritten</source>
        <translation>Écrire ce que vous avez saisi là où la fiche de {name} est vide ; rien n&apos;y est écrasé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Create anyway</source>
        <translation>Créer quand même</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Not saved: {why}</source>
        <translation>Non enregistré : {why}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Not saved: someone saved this contact meanwhile. Your input is still here.</source>
        <translation>Non enregistré : quelqu’un a enregistré ce contact entre-temps. Votre saisie est toujours là.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Their version is shown: change it and save, or cancel.</source>
        <translation>Leur version est affichée : modifiez-la et enregistrez, ou annulez.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Address (line 2)</source>
        <translation>Adresse (ligne 2)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing was saved: correct the fields in red.</source>
        <translation>Rien n&apos;a été enregistré : corrigez les champs en rouge.</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/page.py" line="+121"/>
        <source>Name, company, phone or e-mail</source>
        <translation>Nom, société, téléphone ou e-mail</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All lifecycles</source>
        <translation>Tous les cycles de vie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any owner</source>
        <translation>Tous les commerciaux</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mine</source>
        <translation>Les miens</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unassigned</source>
        <translation>Non attribués</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All sources</source>
        <translation>Toutes les sources</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+171"/>
        <source>New contact</source>
        <translation>Nouveau contact</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Create a contact (Ctrl+N)</source>
        <translation>Créer un contact (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Any score</source>
        <translation>Tous les scores</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Hot (70+)</source>
        <translation>Chaud (70+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm (40–69)</source>
        <translation>Tiède (40–69)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cold (under 40)</source>
        <translation>Froid (moins de 40)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not scored</source>
        <translation>Sans score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Likely to buy (30%+ in 90 days)</source>
        <translation>Achat probable (30 % et plus sous 90 jours)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>May buy (10%+ in 90 days)</source>
        <translation>Achat possible (10 % et plus sous 90 jours)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any last contact</source>
        <translation>Dernier contact : indifférent</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>No contact for {n} days</source>
        <translation>Sans contact depuis {n} jours</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing due</source>
        <translation>Aucune échéance</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>CT due within 60 days</source>
        <translation>CT à faire d&apos;ici 60 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service due within 30 days</source>
        <translation>Entretien à faire d&apos;ici 30 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty ends within 90 days</source>
        <translation>Fin de garantie d&apos;ici 90 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing ends within 6 months</source>
        <translation>Fin de financement d&apos;ici 6 mois</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Car owned</source>
        <translation>Véhicule possédé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contacts who own a car of this make (and model), e.g. “Peugeot 208”</source>
        <translation>Contacts possédant un véhicule de cette marque (et de ce modèle), par ex. « Peugeot 208 »</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No segment</source>
        <translation>Aucun segment</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save these filters as a segment, reused by campaigns and reports</source>
        <translation>Enregistrer ces filtres comme segment, réutilisable dans les campagnes et les rapports</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By name</source>
        <translation>Par nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best score first</source>
        <translation>Meilleur score d&apos;abord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest contact first</source>
        <translation>Dernier échange en premier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newest first</source>
        <translation>Plus récents en premier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By city</source>
        <translation>Par ville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most likely to buy first</source>
        <translation>Achat le plus probable d&apos;abord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a column header to sort by it; click again to reverse</source>
        <translation>Cliquez sur un en-tête de colonne pour trier ; cliquez de nouveau pour inverser</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Duplicates…</source>
        <translation>Doublons…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find contacts entered twice and merge them</source>
        <translation>Trouver les contacts saisis deux fois et les fusionner</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Clear the filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Find a contact</source>
        <translation>Rechercher un contact</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+502"/>
        <source>Back to the list</source>
        <translation>Retour à la liste</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>Edit the contact</source>
        <translation>Modifier le contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log a call</source>
        <translation>Noter un appel</translation>
    </message>
    <message>
        <location line="+246"/>
        <source>Counting…</source>
        <translation>Comptage…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The first {n} matches: type more to narrow the search</source>
        <translation>Les {n} premiers résultats : saisissez davantage pour affiner la recherche</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No contact matches “{text}” with these filters.
Check the spelling or clear the filters.</source>
        <translation>Aucun contact ne correspond à « {text} » avec ces filtres.
Vérifiez l&apos;orthographe ou effacez les filtres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No contact matches these filters.</source>
        <translation>Aucun contact ne correspond à ces filtres.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No contact yet.
Contacts appear here once they are created or imported from the old file.</source>
        <translation>Aucun contact pour l&apos;instant.
Les contacts apparaissent ici dès qu&apos;ils sont créés ou importés depuis l&apos;ancien fichier.</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Save as segment</source>
        <translation>Enregistrer comme segment</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the segment:</source>
        <translation>Nom du segment :</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Segment “{name}” saved.</source>
        <translation>Segment « {name} » enregistré.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{name} created.</source>
        <translation>Contact {name} créé.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Full page</source>
        <translation>Fiche complète</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{name} saved.</source>
        <translation>Contact {name} enregistré.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Saved for {name}.</source>
        <translation>Enregistré pour {name}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Claims are entered from the after-sales area.</source>
        <translation>Les réclamations se saisissent depuis l&apos;espace après-vente.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claim opened for {name}.</source>
        <translation>Réclamation ouverte pour {name}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+2"/>
        <source>No likely duplicate of this contact.</source>
        <translation>Aucun doublon probable pour ce contact.</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+31"/>
        <source>Duplicates</source>
        <translation>Doublons</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Likely duplicates of this contact</source>
        <translation>Doublons probables de ce contact</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Looking for duplicates…</source>
        <translation>Recherche de doublons…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No likely duplicate found.</source>
        <translation>Aucun doublon probable trouvé.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Likely duplicates ({n})</source>
        <translation>Doublons probables ({n})</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>this contact</source>
        <translation>ce contact</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{percent} % — {left} ↔ {right} ({reasons})</source>
        <translation>{percent} % — {left} ↔ {right} ({reasons})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Double-click a pair to merge it.</source>
        <translation>Double-cliquez sur une paire pour la fusionner.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click to open the other contact; ask a manager to merge them.</source>
        <translation>Double-cliquez pour ouvrir l&apos;autre contact ; demandez à un responsable des ventes de les fusionner.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>same phone</source>
        <translation>même téléphone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same e-mail</source>
        <translation>même e-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close name</source>
        <translation>nom proche</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Contacts merged: nothing was lost.</source>
        <translation>Contacts fusionnés : rien n&apos;a été perdu.</translation>
    </message>
</context>
<context>
    <name>ContactsTableModel</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/table_model.py" line="+34"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>Cycle de vie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Owner</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Purchase 90 d</source>
        <translation>Achat 90 j</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Click to sort by this column; click again to reverse the order</source>
        <translation>Cliquez pour trier selon cette colonne ; cliquez de nouveau pour inverser l&apos;ordre</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../dealercrm/ui/dashboard/page.py" line="+202"/>
        <location line="+114"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Pipeline and activity</source>
        <translation>Affaires et activité</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After-sales</source>
        <translation>Après-vente</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Click to see the list behind this figure</source>
        <translation>Cliquez pour voir la liste derrière ce chiffre</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last month</source>
        <translation>Mois dernier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This quarter</source>
        <translation>Ce trimestre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This year</source>
        <translation>Cette année</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom…</source>
        <translation>Personnalisée…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>from</source>
        <translation>du</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vs previous period</source>
        <translation>par rapport à la période précédente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vs same period last year</source>
        <translation>par rapport à la même période l&apos;an dernier</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+277"/>
        <source>Whole dealership</source>
        <translation>Toute la concession</translation>
    </message>
    <message>
        <location line="-274"/>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Objectives…</source>
        <translation>Objectifs…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set the monthly objectives of the dealership and salespeople</source>
        <translation>Fixer les objectifs mensuels de la concession et des commerciaux</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Marketing spend…</source>
        <translation>Dépenses marketing…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or import the marketing spend per channel and month</source>
        <translation>Saisir ou importer les dépenses marketing par canal et par mois</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Salespeople</source>
        <translation>Commerciaux</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click a salesperson to see their figures above</source>
        <translation>Double-cliquez sur un commercial pour afficher ses chiffres ci-dessus</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Salesperson</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revenue</source>
        <translation>Chiffre d&apos;affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Avg margin</source>
        <translation>Marge moyenne</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test drives</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales objective</source>
        <translation>Objectif de ventes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Margin objective</source>
        <translation>Objectif de marge</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No salesperson yet.</source>
        <translation>Aucun commercial pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a bar to see the list behind it</source>
        <translation>Cliquez sur une barre pour voir la liste correspondante</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>My objectives</source>
        <translation>Mes objectifs</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No objectives set for this period.</source>
        <translation>Aucun objectif défini pour cette période.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>The period must end on or after the day it starts.</source>
        <translation>La période doit se terminer le jour où elle commence ou après.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 new · %2 used</source>
        <translation>%1 neufs · %2 occasions</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of revenue</source>
        <translation>%1 du chiffre d&apos;affaires</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 lost · win rate %2</source>
        <translation>%1 perdues · taux de réussite %2</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n rating(s)</source>
        <translation>
            <numerusform>%n évaluation</numerusform>
            <numerusform>%n évaluations</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>open claims past their deadline</source>
        <translation>réclamations ouvertes ayant dépassé leur échéance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first purchase in the period</source>
        <translation>premier achat sur la période</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 to date</source>
        <translation>%1 à ce jour</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, compared with %2</source>
        <translation>%1, comparé à %2</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The figures could not be computed: %1</source>
        <translation>Les chiffres n&apos;ont pas pu être calculés : %1</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+19"/>
        <source>Sales of %1</source>
        <translation>Ventes de %1</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Claims: %1</source>
        <translation>Réclamations : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sales attributed to the campaign</source>
        <translation>Ventes attribuées à la campagne</translation>
    </message>
</context>
<context>
    <name>DataPrivacyTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/data_page.py" line="+92"/>
        <source>Backups and personal-data requests are handled by a manager or an administrator.</source>
        <translation>Les sauvegardes et les demandes relatives aux données personnelles sont gérées par un responsable des ventes ou un administrateur.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Taken</source>
        <translation>Effectuée le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{mb} MB</source>
        <translation>{mb} Mo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No backup yet: &quot;Back up now&quot; makes the first one.</source>
        <translation>Aucune sauvegarde pour l’instant : « Sauvegarder maintenant » crée la première.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back up now</source>
        <translation>Sauvegarder maintenant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore…</source>
        <translation>Restaurer…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore from a file…</source>
        <translation>Restaurer depuis un fichier…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Made by hand</source>
        <translation>Manuelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before a restore</source>
        <translation>Avant une restauration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before an upgrade</source>
        <translation>Avant une mise à jour</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Backups are kept in {folder}: 7 daily, 4 weekly and 12 monthly copies. Any backup taken before a GDPR erasure is deleted once the erasure is 30 days old.</source>
        <translation>Les sauvegardes sont conservées dans {folder} : 7 copies quotidiennes, 4 hebdomadaires et 12 mensuelles. Toute sauvegarde antérieure à un effacement RGPD est supprimée dès que cet effacement date de 30 jours.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Backing up…</source>
        <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Backup made and verified in {s} s.</source>
        <translation>Sauvegarde effectuée et vérifiée en {s} s.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The backup failed.</source>
        <translation>La sauvegarde a échoué.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Replace the whole database with the backup of {when}?

Everything recorded since then will be gone from the database. A copy of the database as it is now is kept first, in the backup folder.

dealercrm must then restart: every user working on this database should close it first.</source>
        <translation>Remplacer toute la base de données par la sauvegarde du {when} ?

Tout ce qui a été enregistré depuis disparaîtra de la base de données. Une copie de la base de données dans son état actuel est d&apos;abord conservée dans le dossier des sauvegardes.

dealercrm devra ensuite redémarrer : tous les utilisateurs travaillant sur cette base de données doivent d&apos;abord la fermer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restoring…</source>
        <translation>Restauration en cours…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The backup was restored. The previous database was kept in {path}. dealercrm must restart now: close it and open it again.</source>
        <translation>La sauvegarde a été restaurée. L&apos;ancienne base de données a été conservée dans {path}. dealercrm doit redémarrer maintenant : fermez-le puis rouvrez-le.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restored: restart dealercrm.</source>
        <translation>Restaurée : redémarrez dealercrm.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Restart required</source>
        <translation>Redémarrage nécessaire</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing was restored.</source>
        <translation>Rien n&apos;a été restauré.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A person&apos;s request: access to their data, or erasure</source>
        <translation>Demande d&apos;une personne : accès à ses données ou effacement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name, phone, e-mail or contact number</source>
        <translation>Nom, téléphone, e-mail ou numéro de contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find</source>
        <translation>Trouver</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No contact chosen</source>
        <translation>Aucun contact choisi</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+103"/>
        <source>Export data…</source>
        <translation>Exporter les données…</translation>
    </message>
    <message>
        <location line="-102"/>
        <location line="+103"/>
        <source>Erase…</source>
        <translation>Effacer…</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Export writes a JSON file and a readable PDF of everything held about the person. Erasure anonymises them everywhere; their sales and claims stay counted in the statistics, their phone and e-mail stay only as hashes on the do-not-contact list.</source>
        <translation>L&apos;export produit un fichier JSON et un PDF lisible de tout ce qui est détenu sur la personne. L&apos;effacement l&apos;anonymise partout ; ses ventes et ses réclamations restent comptées dans les statistiques, son téléphone et son e-mail ne subsistent que sous forme d&apos;empreintes dans la liste repoussoir.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Nobody found</source>
        <translation>Personne n&apos;a été trouvé</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Retention: contacts to review</source>
        <translation>Conservation : contacts à examiner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CNIL rules: a prospect is kept 3 years after the last contact from their side; a customer 3 years after the end of the relationship (last sale, workshop visit or warranty end). Ask them to consent again, or anonymise them.</source>
        <translation>Règles de la CNIL : un prospect est conservé 3 ans après son dernier contact à son initiative ; un client 3 ans après la fin de la relation (dernière vente, visite à l&apos;atelier ou fin de garantie). Demandez-leur de donner à nouveau leur consentement, ou anonymisez-les.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due on</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No contact is past its retention period: nothing to review today.</source>
        <translation>Aucun contact n’a dépassé sa durée de conservation : rien à revoir aujourd’hui.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Anonymise all listed…</source>
        <translation>Anonymiser toute la liste…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-consent campaign…</source>
        <translation>Campagne de re-consentement…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A draft campaign asking the selected contacts (or all listed) to confirm they want to hear from us</source>
        <translation>Une campagne brouillon demandant aux contacts sélectionnés (ou à tous ceux de la liste) de confirmer qu&apos;ils veulent avoir de nos nouvelles</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Prospect</source>
        <translation>Prospect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost</source>
        <translation>Perdu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No contact from their side since then</source>
        <translation>Aucun contact de sa part depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sale, workshop visit or warranty end</source>
        <translation>Dernière vente, visite à l&apos;atelier ou fin de garantie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer with no sale or visit recorded since then</source>
        <translation>Client sans vente ni visite enregistrée depuis</translation>
    </message>
    <message numerus="yes">
        <location line="+102"/>
        <source>Draft campaign “{name}” (#{id}) created for %Ln contact(s). Find it on the Campaigns page: check its message, then freeze its list there; the compliance check leaves out anyone who may not be contacted on that channel.</source>
        <translation>
            <numerusform>Campagne brouillon « {name} » (n° {id}) créée pour %Ln contact. Retrouvez-la dans Campagnes : vérifiez son message, puis figez sa liste ; le contrôle de conformité écarte toute personne qui ne peut pas être contactée sur ce canal.</numerusform>
            <numerusform>Campagne brouillon « {name} » (n° {id}) créée pour %Ln contacts. Retrouvez-la dans Campagnes : vérifiez son message, puis figez sa liste ; le contrôle de conformité écarte toute personne qui ne peut pas être contactée sur ce canal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Anonymise the %Ln contact(s) listed?

Each one is erased as by “Erase…”. You can stop between two contacts; those already done stay anonymised.</source>
        <translation>
            <numerusform>Anonymiser le contact de la liste ?

Il est effacé comme par « Effacer… ».</numerusform>
            <numerusform>Anonymiser les %Ln contacts de la liste ?

Chacun est effacé comme par « Effacer… ». Vous pouvez arrêter entre deux contacts ; ceux déjà traités restent anonymisés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>Stopped: %Ln contact(s) anonymised.</source>
        <translation>
            <numerusform>Arrêté : %Ln contact anonymisé.</numerusform>
            <numerusform>Arrêté : %Ln contacts anonymisés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln contact(s) anonymised.</source>
        <translation>
            <numerusform>%Ln contact anonymisé.</numerusform>
            <numerusform>%Ln contacts anonymisés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>Ask %Ln contact(s) to confirm they want to keep hearing from us, by:</source>
        <translation>
            <numerusform>Demander à %Ln contact de confirmer qu&apos;il veut continuer à avoir de nos nouvelles, par :</numerusform>
            <numerusform>Demander à %Ln contacts de confirmer qu&apos;ils veulent continuer à avoir de nos nouvelles, par :</numerusform>
        </translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Data of contact #{id} exported: {pdf} and {json}.</source>
        <translation>Données du contact n° {id} exportées : {pdf} et {json}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export done</source>
        <translation>Export terminé</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>ERASE</source>
        <translation>EFFACER</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Erase {who} for good?

Their name, contact details, address and notes are removed everywhere, including the history. Their sales and claims stay in the statistics without their name. This cannot be undone.

Copies of them remain for at most 30 days in the backups made before now (every kind: automatic, made by hand, before a restore or an upgrade), in the backup folder (set under Backups; by default the “backups” folder beside the database file). The backup thinning then deletes those backups.</source>
        <translation>Effacer définitivement {who} ?

Son nom, ses coordonnées, son adresse et ses notes sont supprimés partout, y compris dans l&apos;historique. Ses ventes et ses réclamations restent dans les statistiques, sans son nom. Cette action est irréversible.

Des copies de ses données restent au plus 30 jours dans les sauvegardes faites avant maintenant (de toute sorte : automatiques, faites à la main, avant une restauration ou une mise à jour), dans le dossier des sauvegardes (réglé sous Sauvegardes ; par défaut le dossier « backups » à côté du fichier de la base). Le nettoyage des sauvegardes supprime ensuite ces sauvegardes.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+94"/>
        <source>The database was busy (open on another workstation?): the file still holds the old values until it is compacted, which happens before the next backup or at the next start.</source>
        <translation>La base de données était occupée (ouverte sur un autre poste ?) : le fichier garde les anciennes valeurs jusqu&apos;à son compactage, fait avant la prochaine sauvegarde ou au prochain démarrage.</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>Erase</source>
        <translation>Effacer</translation>
    </message>
    <message numerus="yes">
        <location line="-47"/>
        <source>%Ln contact(s) past the retention period</source>
        <translation>
            <numerusform>%Ln contact au-delà de la durée de conservation</numerusform>
            <numerusform>%Ln contacts au-delà de la durée de conservation</numerusform>
        </translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Contact #{id} erased.</source>
        <translation>Contact n° {id} effacé.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Re-consent {date}</source>
        <translation>Re-consentement {date}</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+86"/>
        <source>Re-consent campaign</source>
        <translation>Campagne de re-consentement</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>ANONYMISE</source>
        <translation>ANONYMISER</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+5"/>
        <source>Anonymise all listed</source>
        <translation>Anonymiser toute la liste</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Anonymising…</source>
        <translation>Anonymisation en cours…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Anonymising {done} of {total}…</source>
        <translation>Anonymisation de {done} sur {total}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compacting the database…</source>
        <translation>Compactage de la base de données…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phoning</source>
        <translation>Phoning</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Where to write the export</source>
        <translation>Emplacement de l&apos;export</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup to restore</source>
        <translation>Sauvegarde à restaurer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dealercrm backups (*.sqlite3);;All files (*)</source>
        <translation>Sauvegardes dealercrm (*.sqlite3);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>DealConflict</name>
    <message>
        <location filename="../../dealercrm/ui/pipeline/conflict.py" line="+49"/>
        <source>Lost: {reason}</source>
        <translation>Perdue : {reason}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Title</source>
        <translation>Intitulé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Salesperson</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Expected close</source>
        <translation>Clôture prévue</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>DealershipTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/page.py" line="+27"/>
        <source>Discard changes</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save settings</source>
        <translation>Enregistrer les paramètres</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Dealership</source>
        <translation>Concession</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trading name</source>
        <translation>Nom commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postcode (local public holidays)</source>
        <translation>Code postal (jours fériés locaux)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logo (reports)</source>
        <translation>Logo (rapports)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brands (comma-separated)</source>
        <translation>Marques (séparées par des virgules)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After-sales claims</source>
        <translation>Réclamations après-vente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deadline by severity</source>
        <translation>Échéance selon la gravité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workshop hours</source>
        <translation>Horaires de l&apos;atelier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contact rules</source>
        <translation>Règles de contact</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calling hours</source>
        <translation>Heures d&apos;appel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calls per contact in 30 days</source>
        <translation>Appels par contact sur 30 jours</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quiet days after a refusal</source>
        <translation>Jours sans appel après un refus</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+35"/>
        <location line="+5"/>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Warn when Bloctel list is older than</source>
        <translation>Avertir si la liste Bloctel date de plus de</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Window of the call limit</source>
        <translation>Période de la limite d&apos;appels</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phone prospecting</source>
        <translation>Prospection téléphonique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consumers must have agreed to be called (law of August 2026)</source>
        <translation>Les particuliers doivent avoir accepté d&apos;être appelés (loi d&apos;août 2026)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>E-mail and SMS to customers</source>
        <translation>E-mails et SMS aux clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed for similar products unless the customer refused</source>
        <translation>Autorisés pour des produits analogues, sauf refus du client</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Companies</source>
        <translation>Entreprises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>May be prospected unless they opted out (B2B rules)</source>
        <translation>Peuvent être prospectées sauf opposition (règles B2B)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Indicators and campaigns</source>
        <translation>Indicateurs et campagnes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer stays active for</source>
        <translation>Un client reste actif pendant</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source> months</source>
        <translation> mois</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Longest customer lifetime</source>
        <translation>Durée de vie client maximale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> years</source>
        <translation> ans</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A sale counts for a campaign within</source>
        <translation>Une vente est attribuée à une campagne dans un délai de</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hot leads left alone for</source>
        <translation>Pistes chaudes laissées sans suite depuis</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Workshop service</source>
        <translation>Entretien atelier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Maintenance every</source>
        <translation>Entretien tous les</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>or every</source>
        <translation>ou tous les</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign-in security</source>
        <translation>Sécurité de connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed logins before locking</source>
        <translation>Échecs de connexion avant verrouillage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock for</source>
        <translation>Verrouiller pendant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+32"/>
        <source>Outgoing e-mail</source>
        <translation>E-mail sortant</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encryption</source>
        <translation>Chiffrement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic backup every</source>
        <translation>Sauvegarde automatique toutes les</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+143"/>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="-141"/>
        <source>Folder (empty: beside the database)</source>
        <translation>Dossier (vide : à côté de la base de données)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The mail server password is kept in the system keyring, not here.</source>
        <translation>Le mot de passe du serveur de messagerie est conservé dans le trousseau du système, pas ici.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Choose logo…</source>
        <translation>Choisir un logo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove logo</source>
        <translation>Supprimer le logo</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No logo</source>
        <translation>Aucun logo</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose the dealership logo</source>
        <translation>Choisir le logo de la concession</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This file is not a PNG or JPEG image dealercrm can read.</source>
        <translation>Ce fichier n&apos;est pas une image PNG ou JPEG lisible par dealercrm.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New logo chosen: save the settings to keep it.</source>
        <translation>Nouveau logo choisi : enregistrez les paramètres pour le conserver.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Logo removed: save the settings to keep this change.</source>
        <translation>Logo supprimé : enregistrez les paramètres pour conserver cette modification.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS (port 465)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>:00</source>
        <translation>:00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>e.g. 10:00-13:00, 14:00-20:00</source>
        <translation>ex. 10:00-13:00, 14:00-20:00</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>“{part}” is not a time window like 10:00-13:00.</source>
        <translation>« {part} » n&apos;est pas une plage horaire comme 10:00-13:00.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to save: no setting was changed.</source>
        <translation>Rien à enregistrer : aucun paramètre n&apos;a été modifié.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>Rien n&apos;a été enregistré : corrigez les champs signalés en rouge.</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>1 setting saved.</source>
        <translation>1 paramètre enregistré.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} settings saved.</source>
        <translation>{n} paramètres enregistrés.</translation>
    </message>
</context>
<context>
    <name>DemoSteps</name>
    <message>
        <location filename="../../dealercrm/ui/first_run_dialog.py" line="+68"/>
        <source>Preparing the dealership</source>
        <translation>Préparation de la concession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Creating contacts</source>
        <translation>Création des contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planning sales and the workshop</source>
        <translation>Préparation des ventes et de l&apos;atelier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing vehicles</source>
        <translation>Écriture des véhicules</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the pipeline and sales</source>
        <translation>Écriture des affaires et des ventes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing workshop visits and claims</source>
        <translation>Écriture des passages atelier et des réclamations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing campaigns</source>
        <translation>Écriture des campagnes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing tasks</source>
        <translation>Écriture des tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing interactions</source>
        <translation>Écriture des échanges</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing marketing figures</source>
        <translation>Écriture des chiffres marketing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Computing scores</source>
        <translation>Calcul des scores</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message numerus="yes">
        <location filename="../../dealercrm/ui/dashboard/detail_dialog.py" line="+144"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n ligne</numerusform>
            <numerusform>%n lignes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Group by salesperson</source>
        <translation>Regrouper par commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the number of rows and the amounts of each salesperson</source>
        <translation>Afficher le nombre de lignes et les montants de chaque commercial</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export XLSX…</source>
        <translation>Exporter en XLSX…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>(no salesperson)</source>
        <translation>(sans commercial)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel files (*.xlsx)</source>
        <translation>Fichiers Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the list</source>
        <translation>Exporter la liste</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The file could not be written: %1</source>
        <translation>Le fichier n&apos;a pas pu être écrit : %1</translation>
    </message>
</context>
<context>
    <name>DueNames</name>
    <message>
        <location filename="../../dealercrm/ui/due_names.py" line="+14"/>
        <source>CT</source>
        <translation>CT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maintenance</source>
        <translation>Entretien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty ends</source>
        <translation>Fin de garantie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing ends</source>
        <translation>Fin du financement</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../dealercrm/ui/data/export_dialog.py" line="+31"/>
        <source>contacts</source>
        <translation>contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vehicles</source>
        <translation>véhicules</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sales</source>
        <translation>ventes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>claims</source>
        <translation>réclamations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interactions</source>
        <translation>échanges</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Export {what}</source>
        <translation>Exporter les {what}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The {count} selected {what}.</source>
        <translation>Sélection actuelle : {count} {what}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All the {what} you can see.</source>
        <translation>Ensemble des {what} visibles.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV for French Excel (; and decimal commas)</source>
        <translation>CSV pour Excel français (; et virgule décimale)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (comma-separated, UTF-8)</source>
        <translation>CSV (séparateur virgule, UTF-8)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook (.xlsx)</source>
        <translation>Classeur Excel (.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCard address book (.vcf)</source>
        <translation>Carnet d&apos;adresses vCard (.vcf)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Format:</source>
        <translation>Format :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your role may not export personal data.</source>
        <translation>Votre rôle ne permet pas d&apos;exporter des données personnelles.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCard files (*.vcf)</source>
        <translation>Fichiers vCard (*.vcf)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to</source>
        <translation>Exporter vers</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exporting…</source>
        <translation>Export en cours…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{rows} rows exported to {path}.</source>
        <translation>{rows} lignes exportées vers {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../dealercrm/ui/widgets/file_dialogs.py" line="+73"/>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{suffix} file</source>
        <translation>Fichier {suffix}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="+200"/>
        <source>Import data</source>
        <translation>Importer des données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose what to import and the file exported from your previous system (CSV or Excel).</source>
        <translation>Choisissez ce que vous voulez importer et le fichier exporté de votre ancien système (CSV ou Excel).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A .csv or .xlsx file</source>
        <translation>Un fichier .csv ou .xlsx</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fill in what it lacks, keep what it has</source>
        <translation>Compléter ce qui manque, garder ce qui est rempli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace what differs with the file&apos;s values</source>
        <translation>Remplacer ce qui diffère par les valeurs du fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave it as it is and skip the row</source>
        <translation>Le laisser tel quel et ignorer la ligne</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>What to import:</source>
        <translation>Éléments à importer :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When a record already exists
(same phone or e-mail):</source>
        <translation>Lorsqu&apos;un enregistrement existe déjà
(même téléphone ou e-mail) :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>File to import</source>
        <translation>Fichier à importer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Spreadsheets (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Feuilles de calcul (*.csv *.txt *.tsv *.xlsx);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../dealercrm/ui/first_run_dialog.py" line="-29"/>
        <source>Required.</source>
        <translation>Obligatoire.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letters, digits, dot, dash or underscore; at most 64.</source>
        <translation>Lettres, chiffres, point, tiret ou tiret bas ; 64 au plus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>At least {count} characters.</source>
        <translation>Au moins {count} caractères.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This login is already taken.</source>
        <translation>Cet identifiant est déjà pris.</translation>
    </message>
    <message>
        <location line="+48"/>
        <location line="+3"/>
        <source>Welcome to dealercrm</source>
        <translation>Bienvenue dans dealercrm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This database is empty. Set up your dealership, or look around with demo data.</source>
        <translation>Cette base est vide. Créez votre concession, ou découvrez l&apos;application avec des données de démonstration.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Dealership name</source>
        <translation>Nom de la &amp;concession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator &amp;login</source>
        <translation>&amp;Identifiant de l&apos;administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator &amp;full name</source>
        <translation>&amp;Nom complet de l&apos;administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password (&amp;again)</source>
        <translation>Mot de passe (&amp;confirmation)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. Garage du Centre</source>
        <translation>ex. Garage du Centre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. admin</source>
        <translation>ex. admin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Alice Martin</source>
        <translation>ex. Alice Martin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at least 8 characters</source>
        <translation>au moins 8 caractères</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Set up your dealership</source>
        <translation>Créer votre concession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create the dealership</source>
        <translation>Créer la concession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explore with demo data…</source>
        <translation>Découvrir avec des données de démo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Just looking?</source>
        <translation>Simple visite ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill this database with a made-up dealership ({count} contacts, vehicles, sales and claims) and log in as one of its staff. Use a separate database for real work.</source>
        <translation>Remplit cette base avec une concession fictive ({count} contacts, véhicules, ventes et réclamations) ; vous vous connectez ensuite comme l&apos;un de ses employés. Utilisez une autre base pour le travail réel.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Several workstations?</source>
        <translation>Plusieurs postes ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If the dealership already has its dealercrm server (PostgreSQL), connect this workstation to it instead.</source>
        <translation>Si la concession a déjà son serveur dealercrm (PostgreSQL), connectez plutôt ce poste à ce serveur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect to the dealership&apos;s server…</source>
        <translation>Se connecter au serveur de la concession…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Preparing the demo dealership…</source>
        <translation>Préparation de la concession de démonstration…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Stopping…</source>
        <translation>Arrêt en cours…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The demo data could not be created: {reason}</source>
        <translation>Les données de démonstration n&apos;ont pas pu être créées : {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Demo data cancelled: nothing was written.</source>
        <translation>Données de démonstration annulées : rien n&apos;a été écrit.</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../dealercrm/ui/widgets/forms.py" line="+198"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="-150"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address (2nd line)</source>
        <translation>Adresse (2e ligne)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birth date</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body type</source>
        <translation>Carrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Civility</source>
        <translation>Civilité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent date</source>
        <translation>Date du consentement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact&apos;s e-mail</source>
        <translation>E-mail du contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact&apos;s phone</source>
        <translation>Téléphone du contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost of the sale</source>
        <translation>Coût de la vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created on</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date and time</source>
        <translation>Date et heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Sens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration (seconds)</source>
        <translation>Durée (secondes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail consent (yes/no)</source>
        <translation>Consentement e-mail (oui/non)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing</source>
        <translation>Financement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing end date</source>
        <translation>Fin du financement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing months</source>
        <translation>Durée du financement (mois)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First contact date</source>
        <translation>Date du premier contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First registration date</source>
        <translation>Date de première mise en circulation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full name (first and last)</source>
        <translation>Nom complet (prénom et nom)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goodwill cost</source>
        <translation>Coût du geste commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind of visit</source>
        <translation>Type de visite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landline</source>
        <translation>Téléphone fixe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last contact date</source>
        <translation>Date du dernier contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last purchase date</source>
        <translation>Date du dernier achat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List price</source>
        <translation>Prix catalogue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make</source>
        <translation>Marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing consent, every channel (yes/no)</source>
        <translation>Consentement marketing, tous canaux (oui/non)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mileage (km)</source>
        <translation>Kilométrage (km)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>Portable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New or used</source>
        <translation>Neuf ou occasion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened on</source>
        <translation>Ouverte le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner&apos;s e-mail</source>
        <translation>E-mail du propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner&apos;s first name</source>
        <translation>Prénom du propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner&apos;s last name</source>
        <translation>Nom du propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner&apos;s phone</source>
        <translation>Téléphone du propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone (mobile or landline)</source>
        <translation>Téléphone (portable ou fixe)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone consent (yes/no)</source>
        <translation>Consentement téléphone (oui/non)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Post consent (yes/no)</source>
        <translation>Consentement courrier (oui/non)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purchase cost</source>
        <translation>Prix d&apos;achat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registration plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved on</source>
        <translation>Résolue le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIREN / SIRET</source>
        <translation>SIREN / SIRET</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMS consent (yes/no)</source>
        <translation>Consentement SMS (oui/non)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale date</source>
        <translation>Date de vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale price</source>
        <translation>Prix de vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Salesperson (login or name)</source>
        <translation>Commercial (identifiant ou nom)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satisfaction (1-5)</source>
        <translation>Satisfaction (1-5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status (prospect / customer)</source>
        <translation>Statut (prospect / client)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock status</source>
        <translation>Statut du stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visit date</source>
        <translation>Date de visite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty end date</source>
        <translation>Fin de garantie</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location line="-99"/>
        <source>Contacts (customers and prospects)</source>
        <translation>Contacts (clients et prospects)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicles, with their owners and sales</source>
        <translation>Véhicules, avec leurs propriétaires et leurs ventes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service visits (workshop)</source>
        <translation>Passages atelier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claims (after-sales complaints)</source>
        <translation>Réclamations (après-vente)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interactions (calls, e-mails, visits)</source>
        <translation>Échanges (appels, e-mails, visites)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update</source>
        <translation>Mise à jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchanged</source>
        <translation>Inchangé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Ignoré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Rejeté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already imported</source>
        <translation>Déjà importé</translation>
    </message>
    <message>
        <location line="+716"/>
        <source>Import data</source>
        <translation>Importer des données</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Reading the file…</source>
        <translation>Lecture du fichier…</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <location filename="../../dealercrm/ui/workers.py" line="+46"/>
        <source>The connection to the server was lost; your input is kept. Try again once reconnected.</source>
        <translation>La connexion au serveur a été perdue ; votre saisie est conservée. Réessayez une fois reconnecté.</translation>
    </message>
</context>
<context>
    <name>KanbanBoard</name>
    <message>
        <location filename="../../dealercrm/ui/pipeline/kanban.py" line="+198"/>
        <source>Drag a card to another column to move the deal (keyboard: Ctrl+→ / Ctrl+←, or the card&apos;s menu); double-click it or press Enter to open the contact.</source>
        <translation>Faites glisser une carte vers une autre colonne pour faire avancer l&apos;affaire (au clavier : Ctrl+→ / Ctrl+←, ou le menu de la carte) ; double-cliquez dessus ou appuyez sur Entrée pour ouvrir le contact.</translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>Won (latest %n)</source>
        <translation>
            <numerusform>Gagnée (la dernière)</numerusform>
            <numerusform>Gagnées (les %n dernières)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Lost (latest %n)</source>
        <translation>
            <numerusform>Perdue (la dernière)</numerusform>
            <numerusform>Perdues (les %n dernières)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>+ {n} more in the table view</source>
        <translation>+ {n} autres dans la vue liste</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>score {score}</source>
        <translation>score {score}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next: {task}, {when}</source>
        <translation>Prochaine étape : {task}, {when}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No next step planned</source>
        <translation>Aucune prochaine étape prévue</translation>
    </message>
    <message numerus="yes">
        <location line="-10"/>
        <source>%n day(s) in stage</source>
        <translation>
            <numerusform>%n jour dans l&apos;étape</numerusform>
            <numerusform>%n jours dans l&apos;étape</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>→ {when}: {task}</source>
        <translation>→ {when} : {task}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lost: {reason}</source>
        <translation>Perdue : {reason}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Open the contact</source>
        <translation>Ouvrir le contact</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move to</source>
        <translation>Déplacer vers</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Won: record the sale…</source>
        <translation>Gagnée : enregistrer la vente…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost…</source>
        <translation>Perdue…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Opportunity lost</source>
        <translation>Affaire perdue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why was “{title}” lost?</source>
        <translation>Pourquoi l&apos;affaire « {title} » a-t-elle été perdue ?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Say why the opportunity was lost: it helps the next sale.</source>
        <translation>Indiquez pourquoi l&apos;affaire a été perdue : cela aidera pour la prochaine vente.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Quote</source>
        <translation>Devis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount of the quote made for “{title}” (€):</source>
        <translation>Montant du devis fait pour « {title} » (€) :</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>“{title}” moved to {stage}.</source>
        <translation>« {title} » est passée à l&apos;étape {stage}.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Record the sale</source>
        <translation>Enregistrer la vente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An opportunity is won when its sale is recorded: open the vehicle sold in the Vehicles area and record the sale (price, financing, trade-in) for {name}.</source>
        <translation>Une affaire est gagnée lorsque sa vente est enregistrée : ouvrez le véhicule vendu dans l&apos;espace Véhicules et enregistrez la vente (prix, financement, reprise) pour {name}.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sale recorded: “{title}” is won.</source>
        <translation>Vente enregistrée : « {title} » est gagnée.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No vehicle in stock to sell: add it in the Vehicles area first.</source>
        <translation>Aucun véhicule en stock à vendre : ajoutez-le d&apos;abord dans l&apos;espace Véhicules.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Pipeline</source>
        <translation>Affaires</translation>
    </message>
</context>
<context>
    <name>KpiDetails</name>
    <message>
        <location filename="../../dealercrm/ui/dashboard/detail_dialog.py" line="-150"/>
        <source>Sold on</source>
        <translation>Vendu le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+110"/>
        <source>Salesperson</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created on</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Commercial attitré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First sale on</source>
        <translation>Première vente le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened on</source>
        <translation>Ouverte le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due on</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved on</source>
        <translation>Résolue le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours to resolution</source>
        <translation>Heures jusqu&apos;à résolution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goodwill</source>
        <translation>Geste commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed on</source>
        <translation>Clôturée le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Intitulé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost reason</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
</context>
<context>
    <name>KpiFigures</name>
    <message>
        <location filename="../../dealercrm/ui/kpi_figures.py" line="+51"/>
        <source>Vehicles sold</source>
        <translation>Véhicules vendus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenue</source>
        <translation>Chiffre d&apos;affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average margin</source>
        <translation>Marge moyenne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New customers</source>
        <translation>Nouveaux clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New prospects</source>
        <translation>Nouveaux prospects</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test drives</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quotes</source>
        <translation>Devis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities won</source>
        <translation>Affaires gagnées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claims opened</source>
        <translation>Réclamations ouvertes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claims resolved</source>
        <translation>Réclamations résolues</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overdue claims</source>
        <translation>Réclamations en retard</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customer satisfaction</source>
        <translation>Satisfaction client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goodwill cost</source>
        <translation>Gestes commerciaux</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 / 5</source>
        <translation>%1 / 5</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>= no change</source>
        <translation>= inchangé</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 to %2</source>
        <translation>%1 – %2</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <location filename="../../dealercrm/ui/dashboard/page.py" line="-517"/>
        <source>was %1</source>
        <translation>précédent : %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>right now</source>
        <translation>en ce moment</translation>
    </message>
</context>
<context>
    <name>ListsDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/lists_dialog.py" line="+47"/>
        <source>Opt-outs and Bloctel</source>
        <translation>Oppositions et Bloctel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Import the Bloctel file…</source>
        <translation>&amp;Importer le fichier Bloctel…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file Bloctel returns: one number per line (clear, or the SHA-256 of its +33… form). It replaces the previous list; only hashes are kept.</source>
        <translation>Le fichier renvoyé par Bloctel : un numéro par ligne (en clair, ou l&apos;empreinte SHA-256 de sa forme +33…). Il remplace la liste précédente ; seules les empreintes sont conservées.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Bloctel opposition list</source>
        <translation>Liste d&apos;opposition Bloctel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>06 12 34 56 78 or name@example.fr</source>
        <translation>06 12 34 56 78 ou nom@exemple.fr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked by phone</source>
        <translation>Demandé par téléphone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Is it &amp;listed?</source>
        <translation>Figure-t-il sur la &amp;liste ?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Number or address</source>
        <translation>&amp;Numéro ou adresse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reason</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import opt-outs from a &amp;file…</source>
        <translation>Importer des oppositions depuis un &amp;fichier…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replies “STOP”, unsubscribes: one number or address per line, or a CSV.</source>
        <translation>Réponses « STOP », désinscriptions : un numéro ou une adresse par ligne, ou un CSV.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opt-outs (suppression list, kept even after erasure)</source>
        <translation>Oppositions (liste repoussoir, conservée même après effacement)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No Bloctel list imported yet.</source>
        <translation>Aucune liste Bloctel importée pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import the latest Bloctel file before calling consumers.</source>
        <translation>Importez le dernier fichier Bloctel avant d&apos;appeler des consommateurs.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} numbers, imported on {date} ({days} days ago).</source>
        <translation>{n} numéros, importés le {date} (il y a {days} jours).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Older than {max} days: get a fresh file from Bloctel and import it.</source>
        <translation>Plus de {max} jours : récupérez un nouveau fichier auprès de Bloctel et importez-le.</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>Bloctel file</source>
        <translation>Fichier Bloctel</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Text or CSV files (*.txt *.csv);;All files (*)</source>
        <translation>Fichiers texte ou CSV (*.txt *.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Importing {name}…</source>
        <translation>Importation de {name}…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{n} lines were neither a number nor a hash and were left out (first: {first}).</source>
        <translation>{n} lignes n&apos;étaient ni un numéro ni une empreinte et ont été ignorées (première : {first}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+68"/>
        <source>Import failed: {reason}</source>
        <translation>Échec de l&apos;importation : {reason}</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Added: {value} will receive no more marketing.</source>
        <translation>Ajouté : {value} ne recevra plus de sollicitations marketing.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{value} was already on the list.</source>
        <translation>{value} figurait déjà sur la liste.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{value} is on the suppression list.</source>
        <translation>{value} figure sur la liste repoussoir.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{value} is not on the suppression list.</source>
        <translation>{value} ne figure pas sur la liste repoussoir.</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>Opt-out file</source>
        <translation>Fichier d&apos;oppositions</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Imported from {name}</source>
        <translation>Importé depuis {name}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{added} added, {already} already listed.</source>
        <translation>{added} ajoutés, {already} déjà présents.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Not understood: %Ln line(s) (first: “{first}”).</source>
        <translation>
            <numerusform>Non reconnu : %Ln ligne (« {first} »).</numerusform>
            <numerusform>Non reconnu : %Ln lignes (première : « {first} »).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogCallDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/log_call.py" line="+33"/>
        <source>Log a call</source>
        <translation>Enregistrer un appel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I called them</source>
        <translation>Je les ai appelés</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>They called</source>
        <translation>Ils ont appelé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>&amp;Outcome</source>
        <translation>&amp;Résultat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Direction</source>
        <translation>&amp;Sens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;uration</source>
        <translation>&amp;Durée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Summary</source>
        <translation>Ré&amp;sumé</translation>
    </message>
</context>
<context>
    <name>LogVisitDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/log_visit.py" line="+31"/>
        <source>Log a test drive</source>
        <translation>Enregistrer un essai</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log a visit</source>
        <translation>Enregistrer une visite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;What</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>O&amp;pportunity</source>
        <translation>A&amp;ffaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Summary</source>
        <translation>&amp;Résumé</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../dealercrm/ui/login_dialog.py" line="+44"/>
        <source>Too many failed attempts: this account is locked; try again in {minutes} min.</source>
        <translation>Trop d’échecs : ce compte est bloqué ; réessayez dans {minutes} min.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrong login or password.</source>
        <translation>Identifiant ou mot de passe incorrect.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>Ce compte est désactivé. Adressez-vous à l&apos;administrateur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too many failed attempts: this account is now locked for a while.</source>
        <translation>Trop d&apos;essais infructueux : ce compte est maintenant verrouillé pour un moment.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>dealercrm — Log in</source>
        <translation>dealercrm — Connexion</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dealercrm</source>
        <translation>dealercrm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log in to your dealership</source>
        <translation>Connectez-vous à votre concession</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. julie</source>
        <translation>ex. julie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Login</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+152"/>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Opening the database…</source>
        <translation>Ouverture de la base de données…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Demo accounts</source>
        <translation>Comptes de démonstration</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every demo account has the password &lt;b&gt;{password}&lt;/b&gt;. Click one to fill the form.</source>
        <translation>Tous les comptes de démonstration ont le mot de passe &lt;b&gt;{password}&lt;/b&gt;. Cliquez sur l&apos;un d&apos;eux pour remplir le formulaire.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{login} — {name}, {role}</source>
        <translation>{login} — {name}, {role}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Type your login.</source>
        <translation>Saisissez votre identifiant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type your password.</source>
        <translation>Saisissez votre mot de passe.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../dealercrm/ui/main_window.py" line="+326"/>
        <source>Areas</source>
        <translation>Rubriques</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+1"/>
        <source>Log out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logged in as {login}</source>
        <translation>Connecté en tant que {login}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: {label}</source>
        <translation>Base : {label}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Log out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Import data…</source>
        <translation>&amp;Importer des données…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export &amp;everything (zip of CSV files)…</source>
        <translation>&amp;Tout exporter (zip de fichiers CSV)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Refresh</source>
        <translation>Actualis&amp;er</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Raccourcis &amp;clavier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About dealercrm</source>
        <translation>À &amp;propos de dealercrm</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>You may not open this record.</source>
        <translation>Vous n&apos;avez pas accès à cette fiche.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Search: next / previous result</source>
        <translation>Recherche : résultat suivant / précédent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Down / Up</source>
        <translation>Bas / Haut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: open the selected result</source>
        <translation>Recherche : ouvrir le résultat choisi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: close the results</source>
        <translation>Recherche : fermer les résultats</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Esc</source>
        <translation>Échap</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>About dealercrm</source>
        <translation>À propos de dealercrm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;dealercrm {version}&lt;/h3&gt;&lt;p&gt;Customer relationship management for a car dealership: contacts, pipeline, vehicles, after-sales, campaigns and figures.&lt;/p&gt;&lt;p&gt;Database: {database}&lt;br&gt;Qt for Python {qt}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;dealercrm {version}&lt;/h3&gt;&lt;p&gt;Gestion de la relation client pour une concession automobile : contacts, affaires, véhicules, après-vente, campagnes et indicateurs.&lt;/p&gt;&lt;p&gt;Base : {database}&lt;br&gt;Qt for Python {qt}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export everything</source>
        <translation>Tout exporter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zip archive (*.zip)</source>
        <translation>Archive zip (*.zip)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exporting the whole database…</source>
        <translation>Exportation de toute la base de données…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export written to {path}.</source>
        <translation>Export enregistré dans {path}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed</source>
        <translation>Échec de l&apos;exportation</translation>
    </message>
    <message numerus="yes">
        <location line="+49"/>
        <source>⚠ %n overdue claim(s)</source>
        <translation>
            <numerusform>⚠ %n réclamation en retard</numerusform>
            <numerusform>⚠ %n réclamations en retard</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the after-sales queue</source>
        <translation>Ouvrir la file après-vente</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="-576"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check which field each column of the file goes to. Columns set to “Ignore” are not imported.</source>
        <translation>Vérifiez le champ auquel correspond chaque colonne du fichier. Les colonnes réglées sur « Ignorer » ne sont pas importées.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Column in the file</source>
        <translation>Colonne du fichier</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Examples</source>
        <translation>Exemples</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Imported as</source>
        <translation>Importée comme</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remember these choices for the next file</source>
        <translation>Mémoriser ces choix pour le prochain fichier</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>tab</source>
        <translation>tabulation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file}: CSV, encoding {encoding}, separator “{separator}”, {count} columns.</source>
        <translation>{file} : CSV, encodage {encoding}, séparateur « {separator} », {count} colonnes.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{file}: Excel workbook, {count} columns.</source>
        <translation>{file} : classeur Excel, {count} colonnes.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This file was imported before ({runs}): rows already imported will be left alone.</source>
        <translation>Ce fichier a déjà été importé ({runs}) : les lignes déjà importées ne seront pas modifiées.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Several columns go to: {fields}. Keep one.</source>
        <translation>Plusieurs colonnes correspondent à : {fields}. N&apos;en gardez qu&apos;une.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A column is needed for: {fields}.</source>
        <translation>Une colonne est nécessaire pour : {fields}.</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/merge_dialog.py" line="+40"/>
        <source>Merge two contacts</source>
        <translation>Fusionner deux contacts</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the contact to keep and, for each field that differs, the value to keep. Everything attached to either contact (interactions, vehicles, sales, claims, consents, tasks, opportunities, campaigns) ends up on the contact kept; the other one is deleted.</source>
        <translation>Choisissez le contact à conserver et, pour chaque champ qui diffère, la valeur à garder. Tout ce qui est rattaché à l&apos;un ou l&apos;autre contact (échanges, véhicules, ventes, réclamations, consentements, tâches, affaires, campagnes) est reporté sur le contact conservé ; l&apos;autre est supprimé.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keep</source>
        <translation>Conserver</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Every field has the same value.</source>
        <translation>Tous les champs ont la même valeur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attached to each</source>
        <translation>Rattaché à chacun</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Civility</source>
        <translation>Civilité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SIREN</source>
        <translation>SIREN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Born on</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landline</source>
        <translation>Fixe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address (2)</source>
        <translation>Adresse (2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prefers</source>
        <translation>Canal préféré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner (user id)</source>
        <translation>Commercial attitré (id utilisateur)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lifecycle</source>
        <translation>Cycle de vie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost because</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wanted model</source>
        <translation>Modèle souhaité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Carrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in</source>
        <translation>Reprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing wanted</source>
        <translation>Financement souhaité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Interactions</source>
        <translation>Échanges</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workshop visits</source>
        <translation>Visites à l&apos;atelier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicles</source>
        <translation>Véhicules</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claims</source>
        <translation>Réclamations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consents</source>
        <translation>Consentements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Links</source>
        <translation>Liens</translation>
    </message>
</context>
<context>
    <name>ModelCardTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/model_card.py" line="+146"/>
        <source>Probability of a purchase within 90 days</source>
        <translation>Probabilité d&apos;achat sous 90 jours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learnt from this dealership&apos;s own history: every contact at the start of each month, and whether they bought in the 90 days that followed. Tested on the last three months, which the model did not learn from, against the rule score.</source>
        <translation>Appris sur l&apos;historique de la concession : chaque fiche au début de chaque mois, et si elle a acheté dans les 90 jours suivants. Testé sur les trois derniers mois, que le modèle n&apos;a pas vus, face au score par règles.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Retrain now</source>
        <translation>Réentraîner maintenant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The model has never been trained: the rule score is the only one in force.</source>
        <translation>Le modèle n&apos;a jamais été entraîné : seul le score par règles est en vigueur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trained on {date} at {time}, on the history up to {as_of}.</source>
        <translation>Entraîné le {date} à {time}, sur l&apos;historique jusqu&apos;au {as_of}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learnt from {n} examples (contacts × months) and {buyers} buyers.</source>
        <translation>Appris sur {n} exemples (fiches × mois) et {buyers} acheteurs.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tested on {n} examples and {buyers} buyers of the last three months.</source>
        <translation>Testé sur {n} exemples et {buyers} acheteurs des trois derniers mois.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Too little history: {buyers} buyers to learn from, {needed} needed. The rule score stays in force.</source>
        <translation>Trop peu d&apos;historique : {buyers} acheteurs pour apprendre, il en faut {needed}. Le score par règles reste en vigueur.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ranking (ROC AUC): model {model}, rule score {rules}.</source>
        <translation>Classement (AUC ROC) : modèle {model}, score par règles {rules}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model ranks future buyers better than the rule score.</source>
        <translation>Le modèle classe les futurs acheteurs mieux que le score par règles.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model does not rank future buyers better than the rule score.</source>
        <translation>Le modèle ne classe pas les futurs acheteurs mieux que le score par règles.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brier score {brier}; calibration error {ece} (under 0.05 is good).</source>
        <translation>Score de Brier {brier} ; erreur de calibration {ece} (bonne sous 0,05).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reading the history…</source>
        <translation>Lecture de l&apos;historique…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stopping…</source>
        <translation>Arrêt en cours…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training: step {done} of {total}…</source>
        <translation>Entraînement : étape {done} sur {total}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model retrained; every contact has a new probability.</source>
        <translation>Modèle réentraîné ; chaque fiche a une nouvelle probabilité.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retrained, but there is too little history: the rule score stays in force.</source>
        <translation>Réentraîné, mais l&apos;historique est trop court : le score par règles reste en vigueur.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Retraining stopped: the previous model stays in force.</source>
        <translation>Réentraînement arrêté : le modèle précédent reste en vigueur.</translation>
    </message>
</context>
<context>
    <name>NewPassword</name>
    <message>
        <location filename="../../dealercrm/ui/settings/users.py" line="-150"/>
        <source>At least {n} characters</source>
        <translation>Au moins {n} caractères</translation>
    </message>
</context>
<context>
    <name>ObjectivesDialog</name>
    <message>
        <location filename="../../dealercrm/ui/dashboard/objectives_dialog.py" line="+145"/>
        <source>Monthly objectives</source>
        <translation>Objectifs mensuels</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Copy from previous month</source>
        <translation>Copier le mois précédent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fill the empty cells with the previous month&apos;s objectives; nothing is saved yet</source>
        <translation>Remplir les cases vides avec les objectifs du mois précédent ; rien n&apos;est encore enregistré</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Month</source>
        <translation>&amp;Mois</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave a cell empty for no objective. Margin in euros; the others are counts for the month.</source>
        <translation>Laissez une case vide pour ne fixer aucun objectif. Marge en euros ; les autres sont des nombres pour le mois.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sales (vehicles)</source>
        <translation>Ventes (véhicules)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin (€)</source>
        <translation>Marge (€)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test drives</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>The objectives could not be read: %1</source>
        <translation>Impossible de lire les objectifs : %1</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Dealership</source>
        <translation>Concession</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (inactive)</source>
        <translation>%1 (inactif)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The dealership&apos;s own objective, not the sum of the salespeople&apos;s</source>
        <translation>L&apos;objectif propre de la concession, pas la somme de ceux des commerciaux</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Total of salespeople</source>
        <translation>Total des commerciaux</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No active salesperson: only the dealership&apos;s objectives can be set.</source>
        <translation>Aucun commercial actif : seuls les objectifs de la concession peuvent être fixés.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No objectives were set for %1.</source>
        <translation>Aucun objectif n&apos;était fixé pour %1.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln objective(s) copied from %1; cells already filled were kept. Save to keep them.</source>
        <translation>
            <numerusform>%Ln objectif copié depuis %1 ; les cases déjà remplies ont été conservées. Enregistrez pour le garder.</numerusform>
            <numerusform>%Ln objectifs copiés depuis %1 ; les cases déjà remplies ont été conservées. Enregistrez pour les garder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln objective(s) copied from %1. Save to keep them.</source>
        <translation>
            <numerusform>%Ln objectif copié depuis %1. Enregistrez pour le garder.</numerusform>
            <numerusform>%Ln objectifs copiés depuis %1. Enregistrez pour les garder.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-149"/>
        <source>%1: not a number.</source>
        <translation>%1 : ce n&apos;est pas un nombre.</translation>
    </message>
</context>
<context>
    <name>OpportunityDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/opportunity.py" line="+23"/>
        <source>New opportunity</source>
        <translation>Nouvelle affaire</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. 3008 hybride</source>
        <translation>p. ex. 3008 hybride</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Model wanted</source>
        <translation>&amp;Modèle souhaité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Amount (€)</source>
        <translation>Mo&amp;ntant (€)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stage</source>
        <translation>Ét&amp;ape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected &amp;close</source>
        <translation>&amp;Clôture prévue</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../dealercrm/ui/widgets/page.py" line="+144"/>
        <source>dealercrm</source>
        <translation>dealercrm</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../dealercrm/ui/settings/users.py" line="+177"/>
        <source>Reset password</source>
        <translation>Réinitialiser le mot de passe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a new password for {name}. Give it to them in person; they can change it afterwards.</source>
        <translation>Choisissez un nouveau mot de passe pour {name}. Remettez-le en main propre ; la personne pourra le modifier ensuite.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password again</source>
        <translation>Confirmer le mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set password</source>
        <translation>Définir le mot de passe</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe sont différents.</translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <location filename="../../dealercrm/ui/pipeline/page.py" line="+85"/>
        <source>All salespeople</source>
        <translation>Tous les commerciaux</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mine and unassigned</source>
        <translation>Mes affaires et non attribuées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mine</source>
        <translation>Mes affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Unassigned</source>
        <translation>Non attribuées</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Show won and lost</source>
        <translation>Afficher gagnées et perdues</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected close</source>
        <translation>Clôture prévue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The expected close date has passed.</source>
        <translation>La date de clôture prévue est dépassée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Owner</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In stage</source>
        <translation>Dans l&apos;étape</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>In this stage since {date}</source>
        <translation>Dans cette étape depuis le {date}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Board</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Table</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>{n} open opportunities, {amount} in total</source>
        <translation>{n} affaires en cours, {amount} au total</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No opportunity for this salesperson.
Choose another one in the list above.</source>
        <translation>Aucune affaire pour ce commercial.
Choisissez-en un autre dans la liste ci-dessus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The pipeline is empty.
Opportunities appear here when a contact shows interest in a car.</source>
        <translation>Aucune affaire pour l&apos;instant.
Les affaires apparaissent ici lorsqu&apos;un contact s&apos;intéresse à une voiture.</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{title}
Lost: {reason}</source>
        <translation>{title}
Perdue : {reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open contact</source>
        <translation>Ouvrir le contact</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move to stage</source>
        <translation>Déplacer vers l&apos;étape</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lost…</source>
        <translation>Perdue…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunity lost</source>
        <translation>Affaire perdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why was “{title}” lost?</source>
        <translation>Pourquoi l&apos;affaire « {title} » a-t-elle été perdue ?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say why the opportunity was lost: it helps the next sale.</source>
        <translation>Indiquez pourquoi l&apos;affaire a été perdue : cela aidera pour la prochaine vente.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{title}” moved to {stage}.</source>
        <translation>« {title} » est passée à l&apos;étape {stage}.</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="+151"/>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first rows as they will be stored. Rejected rows are not imported; the others are.</source>
        <translation>Les premières lignes telles qu&apos;elles seront enregistrées. Les lignes rejetées ne sont pas importées ; les autres le sont.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Check the whole file</source>
        <translation>Vérifier tout le fichier</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reading the first rows…</source>
        <translation>Lecture des premières lignes…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>Problèmes</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>First {count} rows. {details}</source>
        <translation>{count} premières lignes. {details}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file has no data rows.</source>
        <translation>Le fichier ne contient aucune ligne de données.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checking every row (nothing is written)…</source>
        <translation>Vérification de toutes les lignes (rien n&apos;est écrit)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{rows} rows: {created} new, {updated} updates, {skipped} skipped, {rejected} rejected.</source>
        <translation>{rows} lignes : {created} nouvelles, {updated} mises à jour, {skipped} ignorées, {rejected} rejetées.</translation>
    </message>
</context>
<context>
    <name>QuickClaimDialog</name>
    <message>
        <location filename="../../dealercrm/ui/aftersales/claim_entry.py" line="+85"/>
        <source>New claim</source>
        <translation>Nouvelle réclamation</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Plate, VIN, name or phone — e.g. ab123cd</source>
        <translation>Immatriculation, VIN, nom ou téléphone — ex. ab123cd</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No customer chosen yet.</source>
        <translation>Aucun client choisi pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+203"/>
        <source>No vehicle</source>
        <translation>Aucun véhicule</translation>
    </message>
    <message>
        <location line="-191"/>
        <source>What the customer reports, in their words</source>
        <translation>Ce que signale le client, avec ses mots</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unassigned (team queue)</source>
        <translation>Non attribuée (file de l&apos;équipe)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Find</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+233"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>V&amp;ehicle</source>
        <translation>&amp;Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;tegory</source>
        <translation>&amp;Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;verity</source>
        <translation>&amp;Gravité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;hannel</source>
        <translation>Ca&amp;nal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Assign to</source>
        <translation>&amp;Attribuer à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save claim</source>
        <translation>Enregistrer la réclamation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter picks the match · Tab moves on · Alt+underlined letter jumps · Ctrl+Enter saves</source>
        <translation>Entrée choisit la correspondance · Tab passe au champ suivant · Alt+lettre soulignée y accède · Ctrl+Entrée enregistre</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing found for “{text}”.</source>
        <translation>Aucun résultat pour « {text} ».</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>This vehicle has no owner you can see: find the customer by name.</source>
        <translation>Ce véhicule n&apos;a pas de propriétaire visible pour vous : recherchez le client par son nom.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{when} ({hours} working hours for “{severity}”)</source>
        <translation>{when} ({hours} heures ouvrées pour « {severity} »)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Find the customer or the vehicle first.</source>
        <translation>Recherchez d&apos;abord le client ou le véhicule.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Describe the complaint.</source>
        <translation>Décrivez la réclamation.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assign to</source>
        <translation>Attribuer à</translation>
    </message>
</context>
<context>
    <name>QuoteDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/quote.py" line="+20"/>
        <source>Log a quote</source>
        <translation>Noter un devis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 31 990</source>
        <translation>par ex. 31 990</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Amount (€)</source>
        <translation>&amp;Montant (€)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>O&amp;pportunity</source>
        <translation>&amp;Affaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Summary</source>
        <translation>&amp;Résumé</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../dealercrm/ui/reports/page.py" line="+100"/>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Computing…</source>
        <translation>Calcul…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Semicolons (Excel in French)</source>
        <translation>Points-virgules (Excel en français)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Separate columns with semicolons and write decimals with a comma, as French Excel expects</source>
        <translation>Sépare les colonnes par des points-virgules et écrit les décimales avec une virgule, comme l&apos;attend Excel en français</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the table of salespeople as a CSV file</source>
        <translation>Enregistrer le tableau des commerciaux au format CSV</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save as PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The monthly report to hand out, with charts and a page per salesperson</source>
        <translation>Le rapport mensuel à distribuer, avec graphiques et une page par commercial</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>The report could not be computed: %1</source>
        <translation>Le rapport n&apos;a pas pu être calculé : %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Monthly report: %1</source>
        <translation>Rapport mensuel : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computed on %1</source>
        <translation>Calculé le %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Key figures</source>
        <translation>Chiffres clés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Figure</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Évolution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>right now</source>
        <translation>en ce moment</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Salespeople</source>
        <translation>Commerciaux</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No salesperson sold or had objectives this month.</source>
        <translation>Aucun commercial n&apos;a vendu ni eu d&apos;objectifs ce mois-ci.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Objectives and achievement</source>
        <translation>Objectifs et réalisation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New customers: contacts whose first purchase falls in the month. Claims resolved: by resolution date; satisfaction and goodwill: claims closed in the month. Overdue claims: open claims past their deadline when the report was computed. Sales without a salesperson count in the key figures but in no salesperson&apos;s row.</source>
        <translation>Nouveaux clients : contacts dont le premier achat a lieu dans le mois. Réclamations résolues : selon la date de résolution ; satisfaction et gestes commerciaux : réclamations clôturées dans le mois. Réclamations en retard : réclamations ouvertes dont l&apos;échéance était dépassée au moment du calcul du rapport. Les ventes sans commercial sont comptées dans les chiffres clés, mais dans aucune ligne de commercial.</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+86"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Revenue</source>
        <translation>Chiffre d&apos;affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average margin</source>
        <translation>Marge moyenne</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+85"/>
        <source>Test drives</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location line="-84"/>
        <location line="+85"/>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>%1 (left)</source>
        <translation>%1 (axe de gauche)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+78"/>
        <source>Salesperson</source>
        <translation>Commercial</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Total of salespeople</source>
        <translation>Total des commerciaux</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actual</source>
        <translation>Réalisé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Achievement</source>
        <translation>Réalisation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no objective</source>
        <translation>pas d&apos;objectif</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Appointments: %1 · New leads: %2</source>
        <translation>Rendez-vous : %1 · Nouveaux prospects : %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Revenue (€)</source>
        <translation>Chiffre d&apos;affaires (€)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin (€)</source>
        <translation>Marge (€)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 objective</source>
        <translation>Objectif %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 achievement (%)</source>
        <translation>Réalisation %1 (%)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>salespeople-%1.csv</source>
        <translation>commerciaux-%1.csv</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export the salespeople table</source>
        <translation>Exporter le tableau des commerciaux</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file could not be written: %1</source>
        <translation>Le fichier n&apos;a pas pu être écrit : %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported %n salesperson(s) to %1</source>
        <translation>
            <numerusform>%n commercial exporté vers %1</numerusform>
            <numerusform>%n commerciaux exportés vers %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>monthly-report-%1.pdf</source>
        <translation>rapport-mensuel-%1.pdf</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Save the monthly report</source>
        <translation>Enregistrer le rapport mensuel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Monthly report saved to %1</source>
        <translation>Rapport mensuel enregistré dans %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The PDF could not be written: %1</source>
        <translation>Le PDF n&apos;a pas pu être écrit : %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Monthly report</source>
        <translation>Rapport mensuel</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <location filename="../../dealercrm/ui/today/page.py" line="+93"/>
        <source>Reschedule</source>
        <translation>Reprogrammer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When should “{title}” happen?</source>
        <translation>Quand « {title} » doit-il avoir lieu ?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tomorrow 9:00</source>
        <translation>Demain 9:00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tomorrow 14:00</source>
        <translation>Demain 14:00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In a week</source>
        <translation>Dans une semaine</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <location filename="../../dealercrm/ui/aftersales/page.py" line="+17"/>
        <source>Resolve claim #{id}</source>
        <translation>Résoudre la réclamation n° {id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close claim #{id}</source>
        <translation>Clôturer la réclamation n° {id}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What was done for the customer</source>
        <translation>Ce qui a été fait pour le client</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not asked</source>
        <translation>Non demandée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> / 5</source>
        <translation> / 5</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer satisfaction</source>
        <translation>Satisfaction du client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goodwill</source>
        <translation>Geste commercial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for the history</source>
        <translation>Note pour l&apos;historique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve</source>
        <translation>Résoudre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close claim</source>
        <translation>Clôturer la réclamation</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/results_view.py" line="+57"/>
        <source>Campaign results</source>
        <translation>Résultats de la campagne</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF report…</source>
        <translation>Rapport PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+51"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+45"/>
        <source>Targeted</source>
        <translation>Ciblés</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Excluded by the law</source>
        <translation>Exclus par la loi</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Reached</source>
        <translation>Joints</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Sent / delivered / failed</source>
        <translation>Envoyés / remis / en échec</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Response rate</source>
        <translation>Taux de réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appointments</source>
        <translation>Rendez-vous</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Affaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales attributed</source>
        <translation>Ventes attribuées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenue attributed</source>
        <translation>Chiffre d&apos;affaires attribué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin attributed</source>
        <translation>Marge attribuée</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+41"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Cost per reach</source>
        <translation>Coût par contact joint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost per sale</source>
        <translation>Coût par vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+40"/>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Excluded by rule</source>
        <translation>Exclusions par règle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caller</source>
        <translation>Appelant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcomes</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All campaigns</source>
        <translation>Toutes les campagnes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Response</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appts</source>
        <translation>RDV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cost / sale</source>
        <translation>Coût / vente</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>No frozen campaign yet: results appear once a list is worked.</source>
        <translation>Aucune campagne figée pour l&apos;instant : les résultats apparaissent une fois qu&apos;une liste est traitée.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>n/a (phoning)</source>
        <translation>n.d. (phoning)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sale counts for this campaign when it comes within {days} days after the campaign reached the customer, and no other campaign reached them since (last touch). ROI = (margin − cost) / cost.</source>
        <translation>Une vente est attribuée à cette campagne si elle intervient dans les {days} jours après que la campagne a joint le client, et qu&apos;aucune autre campagne ne l&apos;a joint depuis (dernier contact). ROI = (marge − coût) / coût.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Erased (GDPR)</source>
        <translation>Effacés (RGPD)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No address / number</source>
        <translation>Pas d&apos;adresse / de numéro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suppression list</source>
        <translation>Liste repoussoir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No consent</source>
        <translation>Pas de consentement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bloctel</source>
        <translation>Bloctel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused less than 60 days ago</source>
        <translation>Refus il y a moins de 60 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 attempts in 30 days</source>
        <translation>4 tentatives en 30 jours</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Campaign report</source>
        <translation>Rapport de campagne</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="+21"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows are written in batches: stopping keeps the batches already written.</source>
        <translation>Les lignes sont écrites par lots : en cas d&apos;arrêt, les lots déjà écrits sont conservés.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What was done</source>
        <translation>Ce qui a été fait</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the report…</source>
        <translation>Enregistrer le rapport…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Importing {file}…</source>
        <translation>Importation de {file}…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Stopping after the current batch…</source>
        <translation>Arrêt après le lot en cours…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Import #{id} stopped. The rows written so far stay: import the same file again to finish.</source>
        <translation>Importation n° {id} arrêtée. Les lignes déjà écrites sont conservées : importez de nouveau le même fichier pour terminer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import #{id} finished in {seconds:.1f} s.</source>
        <translation>Importation n° {id} terminée en {seconds:.1f} s.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{rows} rows read: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped, {rejected} rejected, {already} already imported.</source>
        <translation>{rows} lignes lues : {created} créées, {updated} mises à jour, {unchanged} inchangées, {skipped} ignorées, {rejected} rejetées, {already} déjà importées.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The import failed: {message}</source>
        <translation>L&apos;importation a échoué : {message}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>stopped.</source>
        <translation>arrêtée.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Import report saved to {path}.</source>
        <translation>Rapport d&apos;import enregistré dans {path}.</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Save the import report</source>
        <translation>Enregistrer le rapport d&apos;import</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The report could not be written: {error}</source>
        <translation>Le rapport n&apos;a pas pu être écrit : {error}</translation>
    </message>
</context>
<context>
    <name>SaleDialog</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/sale_dialog.py" line="+69"/>
        <source>Record a sale</source>
        <translation>Enregistrer une vente</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customer&apos;s name, phone or e-mail, then Enter</source>
        <translation>Nom, téléphone ou e-mail du client, puis Entrée</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source> months</source>
        <translation> mois</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Trade-in (enters used stock)</source>
        <translation>&amp;Reprise (entre dans le stock d&apos;occasion)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Condition: scratches, tyres, service book…</source>
        <translation>État : rayures, pneus, carnet d&apos;entretien…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make</source>
        <translation>Marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mileage</source>
        <translation>Kilométrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition notes</source>
        <translation>Notes sur l&apos;état</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value offered</source>
        <translation>Valeur proposée</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+150"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>&amp;Customer</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sold &amp;on</source>
        <translation>Vendu &amp;le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Price</source>
        <translation>&amp;Prix</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;ost</source>
        <translation>C&amp;oût</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Financing</source>
        <translation>&amp;Financement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Warranty</source>
        <translation>&amp;Garantie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record sale</source>
        <translation>Enregistrer la vente</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Ends on {date}</source>
        <translation>Fin le {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid in full</source>
        <translation>Payé comptant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Warranty until {date}</source>
        <translation>Garantie jusqu&apos;au {date}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No warranty</source>
        <translation>Sans garantie</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No contact matches “{text}”.</source>
        <translation>Aucun contact ne correspond à « {text} ».</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Choose the customer first.</source>
        <translation>Choisissez d&apos;abord le client.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{conflict}
Press “Record sale” again to record it on their version.</source>
        <translation>{conflict}
Cliquez de nouveau sur « Enregistrer la vente » pour l’enregistrer sur sa version.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financing</source>
        <translation>Financement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in make</source>
        <translation>Marque de la reprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in model</source>
        <translation>Modèle de la reprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in plate</source>
        <translation>Immatriculation de la reprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trade-in VIN</source>
        <translation>VIN de la reprise</translation>
    </message>
</context>
<context>
    <name>ScoringTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/scoring_tab.py" line="+53"/>
        <source>Every prospect and customer gets a score from 0 to 100: the starting points plus or minus the points of each rule that applies. Change the points below, then save: every contact is rescored with the new weights.</source>
        <translation>Chaque prospect et chaque client reçoit un score de 0 à 100 : les points de départ, plus ou moins les points de chaque règle qui s&apos;applique. Modifiez les points ci-dessous, puis enregistrez : le score de tous les contacts est recalculé avec les nouvelles pondérations.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restore defaults</source>
        <translation>Rétablir les valeurs par défaut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put back the built-in points; nothing is saved until you save.</source>
        <translation>Remettre les points d&apos;origine ; rien n&apos;est enregistré tant que vous n&apos;enregistrez pas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save and rescore</source>
        <translation>Enregistrer et recalculer</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Open opportunity at stage “{stage}”</source>
        <translation>Affaire ouverte à l&apos;étape « {stage} »</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting point and sales pipeline</source>
        <translation>Point de départ et affaires</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every contact starts with</source>
        <translation>Chaque contact part de</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Last contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contacted in the last 7 days</source>
        <translation>Contacté dans les 7 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last contact 8 to 30 days ago</source>
        <translation>Dernier contact il y a 8 à 30 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last contact 31 to 90 days ago</source>
        <translation>Dernier contact il y a 31 à 90 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No contact for more than 90 days</source>
        <translation>Aucun contact depuis plus de 90 jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never contacted</source>
        <translation>Jamais contacté</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interest shown</source>
        <translation>Intérêt manifesté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each interaction in the last 90 days</source>
        <translation>Chaque échange des 90 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most, for all those interactions</source>
        <translation>Au maximum, pour l&apos;ensemble de ces échanges</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test drive in the last 180 days</source>
        <translation>Essai dans les 180 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget stated</source>
        <translation>Budget indiqué</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer history</source>
        <translation>Historique client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Has bought from us</source>
        <translation>A déjà acheté chez nous</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Has bought for {amount} or more</source>
        <translation>A acheté pour {amount} ou plus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each open after-sales claim</source>
        <translation>Chaque réclamation après-vente ouverte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Consent and outcome</source>
        <translation>Consentement et résultat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agrees to be contacted for offers</source>
        <translation>Accepte d&apos;être contacté pour des offres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuses to be contacted for offers</source>
        <translation>Refuse d&apos;être contacté pour des offres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marked as lost</source>
        <translation>Marqué comme perdu</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> points</source>
        <translation> points</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Built-in value: {points}</source>
        <translation>Valeur d&apos;origine : {points}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Changed: save to rescore every contact with these points.</source>
        <translation>Modifié : enregistrez pour recalculer le score de tous les contacts avec ces points.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Rescoring contacts…</source>
        <translation>Recalcul des scores…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead scoring</source>
        <translation>Scoring des pistes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Stopping after the current batch…</source>
        <translation>Arrêt après le lot en cours…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Rescoring contacts: {done} of {total}…</source>
        <translation>Recalcul des scores : {done} sur {total}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Scoring weights saved; 1 contact rescored.</source>
        <translation>Pondérations enregistrées ; score de 1 contact recalculé.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scoring weights saved; {n} contacts rescored.</source>
        <translation>Pondérations enregistrées ; score de {n} contacts recalculé.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Scoring weights saved; rescoring stopped with at least {n} contacts rescored. The others keep their old score until you save again.</source>
        <translation>Pondérations enregistrées ; recalcul interrompu après au moins {n} contacts recalculés. Les autres gardent leur ancien score jusqu&apos;au prochain enregistrement.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nothing was saved: {errors}</source>
        <translation>Rien n&apos;a été enregistré : {errors}</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../dealercrm/ui/search_box.py" line="+49"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Claim #{id}</source>
        <translation>Réclamation n° {id}</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Search contacts, phones, plates, claims…   Ctrl+K</source>
        <translation>Rechercher contacts, téléphones, plaques, réclamations…   Ctrl+K</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Nothing found for “{query}”.</source>
        <translation>Aucun résultat pour « {query} ».</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/send_dialog.py" line="+94"/>
        <source>Send “{name}”</source>
        <translation>Envoyer « {name} »</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mail server</source>
        <translation>Serveur de messagerie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SMS gateway</source>
        <translation>Passerelle SMS</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Outbox file (gateway CSV)</source>
        <translation>Fichier d&apos;envoi (CSV de la passerelle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP gateway</source>
        <translation>Passerelle HTTP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>optional; used for this send only</source>
        <translation>facultatif ; utilisé pour cet envoi uniquement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File or URL</source>
        <translation>Fichier ou URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after the message being sent; resume later</source>
        <translation>Arrêter après le message en cours d&apos;envoi ; reprendre plus tard</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{sent} already sent, {to_go} to go: the send resumes where it stopped.</source>
        <translation>{sent} déjà envoyés, {to_go} restants : l&apos;envoi reprend là où il s&apos;est arrêté.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{sent} already sent, nobody left to send to.</source>
        <translation>{sent} déjà envoyés, plus aucun destinataire restant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{to_go} recipients to send to.</source>
        <translation>{to_go} destinataires à qui envoyer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody to send to: freeze the list first, or every target was excluded.</source>
        <translation>Aucun destinataire : figez d&apos;abord la liste, ou toutes les cibles ont été exclues.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One message every {pause} s (about {minutes} min for {n} messages)</source>
        <translation>Un message toutes les {pause} s (environ {minutes} min pour {n} messages)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No pause between messages</source>
        <translation>Aucune pause entre les messages</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{throttle}; a transient failure is retried up to {retries} times, {wait} s apart at first. Consent and the suppression list are checked again for each recipient.</source>
        <translation>{throttle} ; un échec temporaire est retenté jusqu&apos;à {retries} fois, à {wait} s d&apos;intervalle au début. Le consentement et la liste repoussoir sont revérifiés pour chaque destinataire.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+67"/>
        <source>No mail server is set: use “SMTP settings…” first.</source>
        <translation>Aucun serveur de messagerie n&apos;est configuré : utilisez d&apos;abord « Paramètres SMTP… ».</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>no encryption</source>
        <translation>sans chiffrement</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no login</source>
        <translation>sans identifiant</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Outbox file, e.g. sms-outbox.csv</source>
        <translation>Fichier d&apos;envoi, p. ex. sms-outbox.csv</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SMS outbox file</source>
        <translation>Fichier d&apos;envoi SMS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No password is saved for {login} on {host}: type it for this send.</source>
        <translation>Aucun mot de passe n&apos;est enregistré pour {login} sur {host} : saisissez-le pour cet envoi.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Mail server password</source>
        <translation>Mot de passe du serveur de messagerie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of {login} on {host} (used for this send only, never stored):</source>
        <translation>Mot de passe de {login} sur {host} (utilisé pour cet envoi uniquement, jamais enregistré) :</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not sent: the mail server password is needed.</source>
        <translation>Non envoyé : le mot de passe du serveur de messagerie est nécessaire.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose the outbox file or the gateway URL.</source>
        <translation>Choisissez le fichier d&apos;envoi ou l&apos;URL de la passerelle.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stopping after the current message…</source>
        <translation>Arrêt après le message en cours…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{done} of {total} · {address}</source>
        <translation>{done} sur {total} · {address}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{sent} sent · {failed} failed · {deferred} to retry later · {skipped} skipped</source>
        <translation>{sent} envoyés · {failed} en échec · {deferred} à retenter plus tard · {skipped} ignorés</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stopped. {summary}</source>
        <translation>Arrêté. {summary}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped: resume when you like.</source>
        <translation>Arrêté : reprenez quand vous voulez.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stopped: those already sent stay sent; resume when you like.</source>
        <translation>Arrêté : les messages déjà envoyés le restent ; reprenez quand vous voulez.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To retry</source>
        <translation>À retenter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Ignoré</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>On the suppression list (opted out)</source>
        <translation>Sur la liste repoussoir (opposition)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No consent any more ({reason})</source>
        <translation>Plus de consentement ({reason})</translation>
    </message>
</context>
<context>
    <name>ServiceVisitDialog</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/service_visit_dialog.py" line="+43"/>
        <source>Log a service visit</source>
        <translation>Enregistrer un passage atelier</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not read</source>
        <translation>non relevé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The odometer reading at the visit</source>
        <translation>Le relevé du compteur lors du passage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work done, parts, remarks for the next visit</source>
        <translation>Travaux effectués, pièces, remarques pour le prochain passage</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mileage</source>
        <translation>&amp;Kilométrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount</source>
        <translation>&amp;Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log visit</source>
        <translation>Enregistrer le passage</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mileage</source>
        <translation>Kilométrage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../dealercrm/ui/settings/page.py" line="-551"/>
        <source>My account</source>
        <translation>Mon compte</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dealership</source>
        <translation>Concession</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lead scoring</source>
        <translation>Scoring des pistes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Purchase model</source>
        <translation>Modèle d&apos;achat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data &amp;&amp; privacy</source>
        <translation>Données et confidentialité</translation>
    </message>
</context>
<context>
    <name>SmtpSettingsDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/smtp_dialog.py" line="+30"/>
        <source>Mail server (SMTP)</source>
        <translation>Serveur de messagerie (SMTP)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. smtp.garage-des-tilleuls.fr</source>
        <translation>ex. smtp.garage-des-tilleuls.fr</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS (port 465)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None (local relay only)</source>
        <translation>Aucun (relais local uniquement)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Server</source>
        <translation>&amp;Serveur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Encryption</source>
        <translation>&amp;Chiffrement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Login</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>stored in the system keyring</source>
        <translation>conservé dans le trousseau du système</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+17"/>
        <source>The password goes to the system keyring, never to the database.</source>
        <translation>Le mot de passe est placé dans le trousseau du système, jamais dans la base de données.</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>no keyring: asked at each send</source>
        <translation>pas de trousseau : demandé à chaque envoi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No system keyring is available on this computer: the password cannot be saved and will be asked at each send. It is never written to the database.</source>
        <translation>Aucun trousseau système n&apos;est disponible sur cet ordinateur : le mot de passe ne peut pas être enregistré et sera demandé à chaque envoi. Il n&apos;est jamais écrit dans la base de données.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>saved in the keyring (leave blank to keep it)</source>
        <translation>enregistré dans le trousseau (laisser vide pour le conserver)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not saved yet</source>
        <translation>pas encore enregistré</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connecting to {host}…</source>
        <translation>Connexion à {host}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection works ({answer}).</source>
        <translation>La connexion fonctionne ({answer}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection failed: {reason}</source>
        <translation>Échec de la connexion : {reason}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Settings saved, but the password was not: {reason}</source>
        <translation>Paramètres enregistrés, mais pas le mot de passe : {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved; the password is in the system keyring.</source>
        <translation>Enregistré ; le mot de passe est dans le trousseau du système.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
</context>
<context>
    <name>SpendDialog</name>
    <message>
        <location filename="../../dealercrm/ui/dashboard/spend_dialog.py" line="+84"/>
        <source>Marketing spend</source>
        <translation>Dépenses marketing</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Year</source>
        <translation>&amp;Année</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Import a file…</source>
        <translation>Importer un fichier…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV or Excel file with the columns month, channel and amount; imported at once</source>
        <translation>Fichier CSV ou Excel avec les colonnes mois, canal et montant ; importé aussitôt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Euros per channel and month (ads, listings, open days, referral bonuses...), campaign costs excepted: they are counted with each campaign. Leave a cell empty for no spend. Last year&apos;s amount of a cell is in its tooltip.</source>
        <translation>Euros par canal et par mois (publicités, annonces, portes ouvertes, primes de parrainage…), hors coûts des campagnes : ils sont comptés avec chaque campagne. Laissez une case vide s&apos;il n&apos;y a pas de dépense. Le montant de l&apos;an dernier d&apos;une case s&apos;affiche dans son infobulle.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+2"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Last year</source>
        <translation>L&apos;an dernier</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>The marketing spend could not be read: %1</source>
        <translation>Les dépenses marketing n&apos;ont pas pu être lues : %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <location line="+12"/>
        <source>%1 %2: %3</source>
        <translation>%1 %2 : %3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Total %1</source>
        <translation>Total %1</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>%1: not an amount.</source>
        <translation>%1 : ce n&apos;est pas un montant.</translation>
    </message>
    <message>
        <location line="+168"/>
        <source>Import marketing spend</source>
        <translation>Importer des dépenses marketing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spreadsheets (*.csv *.xlsx);;All files (*)</source>
        <translation>Tableurs (*.csv *.xlsx);;Tous les fichiers (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%Ln row(s) imported, %1 rejected.</source>
        <translation>
            <numerusform>%Ln ligne importée ; refusées : %1.</numerusform>
            <numerusform>%Ln lignes importées ; refusées : %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
</context>
<context>
    <name>StaleMergeDialog</name>
    <message>
        <location filename="../../dealercrm/ui/widgets/stale_merge_dialog.py" line="+58"/>
        <source>Saved meanwhile by someone else</source>
        <translation>Enregistré entre-temps par quelqu’un d’autre</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tick the changes of yours to apply on top of their version; the other fields keep their version. Fields in red were changed by both of you.</source>
        <translation>Cochez vos modifications à appliquer sur leur version ; les autres champs gardent leur version. Les champs en rouge ont été modifiés par vous deux.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Their version</source>
        <translation>Leur version</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your changes</source>
        <translation>Vos modifications</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Save my ticked changes on their version</source>
        <translation>Enregistrer mes modifications cochées sur leur version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep their version</source>
        <translation>Garder leur version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to my form</source>
        <translation>Revenir à mon formulaire</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <location filename="../../dealercrm/ui/contacts/actions/task.py" line="+34"/>
        <source>Plan a task or appointment</source>
        <translation>Planifier une tâche ou un rendez-vous</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Title</source>
        <translation>T&amp;itre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;When</source>
        <translation>&amp;Quand</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>D&amp;uration</source>
        <translation>&amp;Durée</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Location</source>
        <translation>&amp;Lieu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O&amp;pportunity</source>
        <translation>&amp;Affaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
</context>
<context>
    <name>TemplateEditorDialog</name>
    <message>
        <location filename="../../dealercrm/ui/campaigns/template_editor.py" line="+68"/>
        <source>Message of “{name}”</source>
        <translation>Message de « {name} »</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. {prenom}, our open days are coming</source>
        <translation>par ex. {prenom}, nos portes ouvertes arrivent</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bonjour {civilite} {nom},
…
{signature}</source>
        <translation>Bonjour {civilite} {nom},
…
{signature}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{prenom}, votre {vehicule} …</source>
        <translation>{prenom}, votre {vehicule} …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Subject</source>
        <translation>&amp;Objet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Body</source>
        <translation>&amp;Corps</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Text</source>
        <translation>&amp;Texte</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Double-click to insert at the cursor</source>
        <translation>Double-cliquez pour insérer au curseur</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Insert at cursor</source>
        <translation>&amp;Insérer au curseur</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Merge fields</source>
        <translation>Champs de fusion</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preview for</source>
        <translation>Aperçu pour</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The unsubscribe sentence and link at the end are added to every e-mail (and a List-Unsubscribe header); the link is personal to each recipient.</source>
        <translation>La phrase et le lien de désinscription en fin de message sont ajoutés à chaque e-mail (ainsi qu&apos;un en-tête List-Unsubscribe) ; le lien est propre à chaque destinataire.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{stop}” is added to every SMS that does not already give STOP with a short number.</source>
        <translation>« {stop} » est ajouté à chaque SMS qui ne donne pas déjà STOP avec un numéro court.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Preview on a real contact</source>
        <translation>Aperçu sur un contact réel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Save message</source>
        <translation>&amp;Enregistrer le message</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>{n} characters</source>
        <translation>{n} caractères</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} characters with the STOP mention (before merge fields) · {parts} SMS</source>
        <translation>{n} caractères avec la mention STOP (avant champs de fusion) · {parts} SMS</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{{{name}}} (did you mean {{{guess}}}?)</source>
        <translation>{{{name}}} (vouliez-vous dire {{{guess}}} ?)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown merge field: {fields}. It would be sent as typed.</source>
        <translation>Champ de fusion inconnu : {fields}. Il serait envoyé tel quel.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Contact #{id}</source>
        <translation>Contact n° {id}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No contact to preview on: this campaign&apos;s target matches nobody with an address.</source>
        <translation>Aucun contact pour l&apos;aperçu : la cible de cette campagne ne contient personne avec une adresse.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Subject: {text}</source>
        <translation>Objet : {text}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No value for this contact: {fields}. Reword the message or pick another contact.</source>
        <translation>Aucune valeur pour ce contact : {fields}. Reformulez le message ou choisissez un autre contact.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every merge field has a value for this contact.</source>
        <translation>Chaque champ de fusion a une valeur pour ce contact.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved — fix the unknown merge fields before sending.</source>
        <translation>Enregistré — corrigez les champs de fusion inconnus avant l&apos;envoi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../dealercrm/ui/today/page.py" line="+57"/>
        <location line="+63"/>
        <source>Mark done</source>
        <translation>Marquer comme fait</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Mark the selected task done (Ctrl+D)</source>
        <translation>Marquer la tâche sélectionnée comme faite (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+64"/>
        <source>Reschedule…</source>
        <translation>Reporter…</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+67"/>
        <source>Open contact</source>
        <translation>Ouvrir le contact</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to calendar…</source>
        <translation>Exporter vers l&apos;agenda…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save your appointments and test drives of the next 60 days as an .ics file for your phone</source>
        <translation>Enregistrer vos rendez-vous et essais des 60 prochains jours dans un fichier .ics pour votre téléphone</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+15"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+9"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunity</source>
        <translation>Affaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Silent for</source>
        <translation>Sans contact</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customers with something due soon</source>
        <translation>Clients avec une échéance proche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>My claims overdue or due today</source>
        <translation>Mes réclamations en retard ou à traiter aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deadline</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+220"/>
        <source>Probability of a purchase within 90 days: {p}</source>
        <translation>Probabilité d&apos;achat sous 90 jours : {p}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>contrôle technique and maintenance due within {days} days or overdue</source>
        <translation>contrôle technique et entretien à faire sous {days} jours ou en retard</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>warranty ends within {days} days</source>
        <translation>fins de garantie sous {days} jours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>leases and loans ending within 3 months</source>
        <translation>locations et crédits se terminant sous 3 mois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On your customers&apos; cars: {what}.</source>
        <translation>Sur les véhicules de vos clients : {what}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customers with something due soon ({n})</source>
        <translation>Clients avec une échéance proche ({n})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>now (mileage)</source>
        <translation>maintenant (kilométrage)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>overdue {date}</source>
        <translation>en retard depuis le {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>today</source>
        <translation>aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Contrôle technique</source>
        <translation>Contrôle technique</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing due on your customers&apos; cars soon.</source>
        <translation>Aucune échéance proche sur les véhicules de vos clients.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>My claims overdue or due today ({n})</source>
        <translation>Mes réclamations en retard ou à traiter aujourd&apos;hui ({n})</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n of your open claims are past their deadline.</source>
        <translation>
            <numerusform>%n de vos réclamations ouvertes a dépassé son échéance.</numerusform>
            <numerusform>%n de vos réclamations ouvertes ont dépassé leur échéance.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due today</source>
        <translation>À traiter aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None of your claims is overdue or due today.</source>
        <translation>Aucune de vos réclamations n&apos;est en retard ni à traiter aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="-304"/>
        <location line="+4"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>My tasks and appointments</source>
        <translation>Mes tâches et rendez-vous</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>{overdue} overdue, {today} today, {upcoming} in the next {days} days</source>
        <translation>{overdue} en retard, {today} aujourd&apos;hui, {upcoming} dans les {days} prochains jours</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Overdue ({n})</source>
        <translation>En retard ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing overdue.</source>
        <translation>Rien en retard.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Today ({n})</source>
        <translation>Aujourd&apos;hui ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing planned today: a good time to call the hot leads.</source>
        <translation>Rien de prévu aujourd&apos;hui : c&apos;est le moment d&apos;appeler les pistes chaudes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next {days} days ({n})</source>
        <translation>{days} prochains jours ({n})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing planned yet.</source>
        <translation>Rien de prévu pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hot leads with no contact for {days} days ({n})</source>
        <translation>Pistes chaudes sans contact depuis {days} jours ({n})</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Every hot lead has been contacted recently.</source>
        <translation>Toutes les pistes chaudes ont été contactées récemment.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {n} longest silences are shown; the pipeline lists every opportunity.</source>
        <translation>Les {n} plus longs silences sont affichés ; l&apos;écran Affaires liste toutes les affaires.</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>“{title}” marked done.</source>
        <translation>« {title} » marqué comme fait.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>“{title}” is open again.</source>
        <translation>« {title} » est de nouveau ouvert.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>“{title}” moved to {when}.</source>
        <translation>« {title} » reporté : {when}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Export to calendar</source>
        <translation>Exporter vers l&apos;agenda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>iCalendar files (*.ics)</source>
        <translation>Fichiers iCalendar (*.ics)</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n appointment(s) and test drive(s) saved to {file}.</source>
        <translation>
            <numerusform>%n rendez-vous ou essai enregistré dans {file}.</numerusform>
            <numerusform>%n rendez-vous et essais enregistrés dans {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TypedConfirmation</name>
    <message>
        <location filename="../../dealercrm/ui/settings/data_page.py" line="-586"/>
        <source>Type {word} to confirm:</source>
        <translation>Saisissez {word} pour confirmer :</translation>
    </message>
</context>
<context>
    <name>UnavailablePage</name>
    <message>
        <location filename="../../dealercrm/ui/main_window.py" line="-582"/>
        <source>“{area}” cannot be shown in this version.
{reason}</source>
        <translation>« {area} » ne peut pas être affiché dans cette version.
{reason}</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../dealercrm/ui/settings/users.py" line="-191"/>
        <source>Add a user…</source>
        <translation>Ajouter un utilisateur…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset password…</source>
        <translation>Réinitialiser le mot de passe…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+54"/>
        <source>Disable</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last login</source>
        <translation>Dernière connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Enable</source>
        <translation>Activer</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Disable account</source>
        <translation>Désactiver le compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disable the account of {name}? They will no longer be able to log in.</source>
        <translation>Désactiver le compte de {name} ? Cette personne ne pourra plus se connecter.</translation>
    </message>
</context>
<context>
    <name>ValuesPage</name>
    <message>
        <location filename="../../dealercrm/ui/data/import_wizard.py" line="-400"/>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How each value of the file&apos;s lists will be imported. Values marked “to check” were guessed: change any that is wrong.</source>
        <translation>Comment chaque valeur des listes du fichier sera importée. Les valeurs « à vérifier » ont été devinées : corrigez celles qui sont fausses.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Column in the file</source>
        <translation>Colonne du fichier</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Imported as</source>
        <translation>Importé comme</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save as a mapping file…</source>
        <translation>Enregistrer comme fichier de correspondance…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The columns, these values and the duplicate rule, for `dealercrm import --mapping`.</source>
        <translation>Les colonnes, ces valeurs et la règle des doublons, pour `dealercrm import --mapping`.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reading the values of the file…</source>
        <translation>Lecture des valeurs du fichier…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>To check: the value was not recognised as it is written.</source>
        <translation>À vérifier : la valeur n&apos;a pas été reconnue telle qu&apos;elle est écrite.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Leave empty</source>
        <translation>Laisser vide</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No column of the file holds a list of values: nothing to check.</source>
        <translation>Aucune colonne du fichier ne contient de liste de valeurs : rien à vérifier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} distinct values, {guessed} to check.</source>
        <translation>{count} valeurs distinctes, {guessed} à vérifier.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{more} rarer values are read the same way.</source>
        <translation>{more} valeurs plus rares sont lues de la même façon.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save as a mapping file</source>
        <translation>Enregistrer comme fichier de correspondance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The file could not be written: {error}</source>
        <translation>Le fichier n&apos;a pas pu être écrit : {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mapping saved to {path}.</source>
        <translation>Correspondance enregistrée dans {path}.</translation>
    </message>
</context>
<context>
    <name>VehicleDetailPane</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/page.py" line="+500"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purchase history</source>
        <translation>Historique d&apos;achat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service visits</source>
        <translation>Passages à l&apos;atelier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log a service visit…</source>
        <translation>Enregistrer un passage atelier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record a maintenance, contrôle technique or repair</source>
        <translation>Enregistrer un entretien, un contrôle technique ou une réparation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open claims</source>
        <translation>Réclamations ouvertes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New claim…</source>
        <translation>Nouvelle réclamation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A complaint about this car, its owner already chosen</source>
        <translation>Une réclamation sur ce véhicule, son propriétaire déjà choisi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due dates</source>
        <translation>Échéances</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No vehicle selected</source>
        <translation>Aucun véhicule sélectionné</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a vehicle in the list to see its owner, sales and service history.</source>
        <translation>Sélectionnez un véhicule dans la liste pour voir son propriétaire, ses ventes et son historique d&apos;entretien.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Technical inspection (CT)</source>
        <translation>Contrôle technique (CT)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maintenance</source>
        <translation>Entretien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warranty ends</source>
        <translation>Fin de garantie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financing ends</source>
        <translation>Fin de financement</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>now (mileage {km} km reached)</source>
        <translation>maintenant (kilométrage de {km} km atteint)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to follow up.</source>
        <translation>Rien à suivre.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Carrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First registration</source>
        <translation>Première mise en circulation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mileage</source>
        <translation>Kilométrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+64"/>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>List price</source>
        <translation>Prix catalogue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Purchase cost</source>
        <translation>Coût d&apos;achat</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Expected margin</source>
        <translation>Marge prévue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reserved for</source>
        <translation>Réservé pour</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>opportunity #{id}</source>
        <translation>affaire n° {id}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>In stock since</source>
        <translation>En stock depuis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Condition notes</source>
        <translation>Notes sur l&apos;état</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This vehicle belongs to another salesperson&apos;s private contact.</source>
        <translation>Ce véhicule appartient au contact privé d&apos;un autre commercial.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No owner recorded.</source>
        <translation>Aucun propriétaire enregistré.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your role does not give access to sales.</source>
        <translation>Votre rôle ne donne pas accès aux ventes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never sold by the dealership.</source>
        <translation>Jamais vendu par la concession.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(private contact)</source>
        <translation>(contact privé)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken as trade-in</source>
        <translation>Repris</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No service visit recorded.</source>
        <translation>Aucune visite d&apos;atelier enregistrée.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your role does not give access to claims.</source>
        <translation>Votre rôle ne donne pas accès aux réclamations.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No open claim.</source>
        <translation>Aucune réclamation ouverte.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>due {when}</source>
        <translation>échéance {when}</translation>
    </message>
</context>
<context>
    <name>VehicleDialog</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/vehicle_dialog.py" line="+62"/>
        <source>Edit vehicle</source>
        <translation>Modifier le véhicule</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New vehicle</source>
        <translation>Nouveau véhicule</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>17 characters, e.g. VF1RFB00X56789012</source>
        <translation>17 caractères, ex. VF1RFB00X56789012</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AB-123-CD or 123 ABC 45</source>
        <translation>AB-123-CD ou 123 ABC 45</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Make</source>
        <translation>&amp;Marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>M&amp;odel</source>
        <translation>M&amp;odèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Version</source>
        <translation>&amp;Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>V&amp;IN</source>
        <translation>V&amp;IN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plate</source>
        <translation>&amp;Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Con&amp;dition</source>
        <translation>É&amp;tat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fuel</source>
        <translation>&amp;Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Body</source>
        <translation>Ca&amp;rrosserie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colo&amp;ur</source>
        <translation>Co&amp;uleur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First &amp;registration</source>
        <translation>Première mise en &amp;circulation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mi&amp;leage</source>
        <translation>Ki&amp;lométrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List &amp;price</source>
        <translation>&amp;Prix catalogue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Purchase &amp;cost</source>
        <translation>Coût d&apos;&amp;achat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In &amp;stock since</source>
        <translation>En &amp;stock depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition &amp;notes</source>
        <translation>&amp;Notes sur l&apos;état</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Valid VIN</source>
        <translation>VIN valide</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{maker} — check: {warning}</source>
        <translation>{maker} — à vérifier : {warning}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{n}/17 characters</source>
        <translation>{n}/17 caractères</translation>
    </message>
</context>
<context>
    <name>VehiclePickerDialog</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/picker.py" line="+75"/>
        <source>Record the sale</source>
        <translation>Enregistrer la vente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which car does {name} buy?</source>
        <translation>Quelle voiture est vendue à {name} ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Make, model, plate or VIN</source>
        <translation>Marque, modèle, immatriculation ou VIN</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New/Used</source>
        <translation>Neuf/Occasion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days in stock</source>
        <translation>Jours en stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>↑ ↓ to move, Enter to choose, Esc to cancel</source>
        <translation>↑ ↓ pour se déplacer, Entrée pour choisir, Échap pour annuler</translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>%n matching car(s)</source>
        <translation>
            <numerusform>%n voiture correspondante</numerusform>
            <numerusform>%n voitures correspondantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n car(s) in stock</source>
        <translation>
            <numerusform>%n voiture en stock</numerusform>
            <numerusform>%n voitures en stock</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No car in stock.</source>
        <translation>Aucune voiture en stock.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No car in stock matches “{text}”.</source>
        <translation>Aucune voiture en stock ne correspond à « {text} ».</translation>
    </message>
</context>
<context>
    <name>VehiclesPage</name>
    <message>
        <location filename="../../dealercrm/ui/vehicles/page.py" line="-592"/>
        <source>Plate or VIN, e.g. AB-123-CD</source>
        <translation>Immatriculation ou VIN, ex. AB-123-CD</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>In stock and reserved</source>
        <translation>En stock et réservés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold</source>
        <translation>Vendus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer-owned</source>
        <translation>Véhicules clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All vehicles</source>
        <translation>Tous les véhicules</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New and used</source>
        <translation>Neufs et occasions</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All makes</source>
        <translation>Toutes les marques</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>New vehicle…</source>
        <translation>Nouveau véhicule…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record sale…</source>
        <translation>Enregistrer une vente…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+223"/>
        <source>Reserve…</source>
        <translation>Réserver…</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Plate</source>
        <translation>Immatriculation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make</source>
        <translation>Marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fuel</source>
        <translation>Carburant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In stock</source>
        <translation>En stock</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In stock since {date}</source>
        <translation>En stock depuis le {date}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>List price</source>
        <translation>Prix catalogue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exp. margin</source>
        <translation>Marge prév.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>List price minus purchase cost</source>
        <translation>Prix catalogue moins coût d&apos;achat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>1 vehicle</source>
        <translation>1 véhicule</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} vehicles</source>
        <translation>{n} véhicules</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No vehicle with a plate or VIN starting with “{text}” matches these filters.
Check the plate, or choose “All vehicles”.</source>
        <translation>Aucun véhicule dont l&apos;immatriculation ou le VIN commence par « {text} » ne correspond à ces filtres.
Vérifiez l&apos;immatriculation ou choisissez « Tous les véhicules ».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No vehicle in stock matches these filters.
Choose another make or condition.</source>
        <translation>Aucun véhicule en stock ne correspond à ces filtres.
Choisissez une autre marque ou un autre état.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No vehicle matches these filters.
Choose “All vehicles” or another make.</source>
        <translation>Aucun véhicule ne correspond à ces filtres.
Choisissez « Tous les véhicules » ou une autre marque.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} d</source>
        <comment>days in stock</comment>
        <translation>{n} j</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(private contact)</source>
        <translation>(contact privé)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{kind} of {date} logged.</source>
        <translation>{kind} du {date} enregistré.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Claim #{id} recorded, due {when}.</source>
        <translation>Réclamation n° {id} enregistrée, échéance {when}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No open opportunity to reserve this vehicle for.</source>
        <translation>Aucune affaire en cours pour laquelle réserver ce véhicule.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reserve {vehicle}</source>
        <translation>Réserver {vehicle}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For the opportunity</source>
        <translation>Pour l&apos;affaire</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{vehicle} saved.</source>
        <translation>{vehicle} enregistré.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{vehicle} sold to {buyer}: margin {margin}.</source>
        <translation>{vehicle} vendu à {buyer} : marge {margin}.</translation>
    </message>
</context>
</TS>
